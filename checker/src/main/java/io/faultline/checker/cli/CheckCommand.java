package io.faultline.checker.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the checker lands (issue 4). */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check histories for linearizability (not built yet).")
public final class CheckCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("faultline check: not built yet");
        return 2;
    }
}
