package io.faultline.node.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.rocksdb.util.Environment;

/**
 * Puts RocksDB's JNI library for this machine into a directory, under the name
 * {@code System.loadLibrary("rocksdbjni")} looks for. A node whose JVM has that directory on
 * {@code java.library.path} loads it from there; otherwise RocksDB unpacks 15 MB from its
 * jar into a new temporary file at every start, which a killed node never deletes.
 *
 * <p>{@code java -cp … io.faultline.node.image.NativeLibrary DIR} (run by the node image's build).
 */
public final class NativeLibrary {
    private NativeLibrary() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: NativeLibrary DIR");
            System.exit(2);
        }
        System.out.println("wrote " + extract(Path.of(args[0])));
    }

    /** Writes the library into {@code dir} and returns its path. */
    public static Path extract(Path dir) throws IOException {
        String resource = Environment.getJniLibraryFileName("rocksdb");
        Path target = dir.resolve(System.mapLibraryName("rocksdbjni"));
        try (InputStream in = org.rocksdb.RocksDB.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IOException("RocksDB's jar has no " + resource + " for this machine");
            Files.createDirectories(dir);
            Path part = target.resolveSibling(target.getFileName() + ".part");
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return target;
    }
}
