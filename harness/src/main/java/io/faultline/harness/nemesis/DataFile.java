package io.faultline.harness.nemesis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/** One file of a node's data directory: its path (absolute, in the node's environment) and size. */
public record DataFile(String path, long size) {
    /** The command that lists every file under {@code dir} with its size, for {@link #parseFind}. */
    public static String[] find(String dir) {
        return new String[] {"find", dir, "-type", "f", "-printf", "%s %p\\n"};
    }

    /** {@link #find}'s output as files, by path: those whose path {@code keep} finds (a system's data files). */
    public static List<DataFile> parseFind(String out, Pattern keep) {
        List<DataFile> files = new ArrayList<>();
        for (String line : out.lines().toList()) {
            int sp = line.indexOf(' ');
            if (sp <= 0) continue;
            String path = line.substring(sp + 1);
            if (keep.matcher(path).find()) files.add(new DataFile(path, Long.parseLong(line.substring(0, sp))));
        }
        files.sort(Comparator.comparing(DataFile::path));
        return files;
    }
}
