package io.faultline.harness.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faultline.harness.system.SystemUnderTest;
import io.faultline.harness.systems.Systems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The system's own script builds its image, with the tag as its argument, once per tag and process. */
class NodeImagesTest {
    @TempDir
    Path home;

    private Path script(SystemUnderTest system, String body) throws Exception {
        Path script = home.resolve(system.imageScript());
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/usr/bin/env bash\n" + body + "\n");
        return script;
    }

    @Test
    void runsTheSystemsScriptWithItsTagOnceAndShowsItsOutput() throws Exception {
        SystemUnderTest etcd = Systems.create("etcd", Map.of());
        Path calls = home.resolve("calls");
        script(etcd, "echo \"$1\" >> " + calls + "; echo built \"$1\"");
        List<String> log = new ArrayList<>();
        String tag = etcd.layout().image();

        NodeImages.prepare(etcd, tag, Optional.of(home), log::add);
        NodeImages.prepare(etcd, tag, Optional.of(home), log::add);

        assertEquals(List.of(tag), Files.readAllLines(calls), "one build of the system's tag");
        assertEquals(List.of("built " + tag), log);
    }

    @Test
    void aFailedBuildSaysWhichScriptAndEndsWithItsOutput() throws Exception {
        SystemUnderTest node = Systems.create("faultline", Map.of());
        script(node, "echo step one; echo 'no node jar' >&2; exit 3");

        ClusterException e = assertThrows(ClusterException.class,
                () -> NodeImages.prepare(node, node.layout().image(), Optional.of(home), line -> {}));

        assertTrue(e.getMessage().contains(node.imageScript()), e.getMessage());
        assertTrue(e.getMessage().contains("exit 3"), e.getMessage());
        assertTrue(e.getMessage().contains("no node jar"), e.getMessage());
    }
}
