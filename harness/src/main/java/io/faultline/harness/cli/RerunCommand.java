package io.faultline.harness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faultline.harness.run.RunOptions;
import io.faultline.harness.run.RunStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faultline rerun RUN_DIR}: the run recorded in RUN_DIR/config.json again, with
 * the same options, node flags and seed, hence the same fault schedule and op streams
 * (timing on a real cluster still differs, so a rare failure may need a few tries).
 * It is {@code faultline run} with the recorded options; a new run directory is made.
 */
@Command(name = "rerun",
        header = "Repeat a recorded run: same options, node flags and seed, in a new run directory.", mixinStandardHelpOptions = true, usageHelpWidth = 110,
        description = {
            "Repeat a recorded run: read RUN_DIR/config.json and run again with the same configuration,",
            "node flags, seed and fault schedule. Exit codes as for `faultline run`."
        })
public final class RerunCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory, e.g. histories/runs/<dir>.")
    Path runDir;

    @Option(names = "--out", description = "Where the new run directory goes. Default: $FAULTLINE_HOME/histories/runs.")
    Path out;

    @Option(names = "--no-progress", description = "No live progress line (e.g. for CI logs).")
    boolean noProgress;

    @Option(names = "--validate-only", hidden = true, description = "Check the recorded options, run nothing.")
    boolean validateOnly;

    private final PrintStream err;

    public RerunCommand() {
        this(System.err);
    }

    RerunCommand(PrintStream err) {
        this.err = err;
    }

    @Override
    public Integer call() {
        List<String> args;
        try {
            args = runArguments(runDir);
        } catch (IllegalArgumentException e) {
            err.println("faultline rerun: " + e.getMessage());
            return RunStatus.SETUP_ERROR.exitCode();
        }
        if (out != null) args.addAll(List.of("--out", out.toString()));
        if (noProgress) args.add("--no-progress");
        if (validateOnly) {
            args.add("--validate-only");
            return new CommandLine(new RunCommand()).execute(args.toArray(String[]::new));
        }
        err.println("[rerun] " + runDir + " as: faultline run " + String.join(" ", args));
        return new CommandLine(new RunCommand()).execute(args.toArray(String[]::new));
    }

    /** The {@code faultline run} arguments that repeat the run recorded in {@code dir}/config.json. */
    static List<String> runArguments(Path dir) {
        Path file = dir.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": not found (is " + dir + " a run directory?)");
        }
        JsonNode config;
        try {
            config = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage());
        }
        List<String> args = RunOptions.runArguments(config, file);
        return args;
    }
}
