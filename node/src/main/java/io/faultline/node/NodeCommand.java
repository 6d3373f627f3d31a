package io.faultline.node;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the KV node lands (issue 5). */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Run a Raft KV node (not built yet).")
public final class NodeCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("faultline node: not built yet");
        return 2;
    }
}
