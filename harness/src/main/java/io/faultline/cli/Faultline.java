package io.faultline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `./faultline` launcher: one entry point for every user-facing command. */
@Command(
        name = "faultline",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Jepsen-style chaos testing for Raft key-value stores.",
        subcommands = {
            CommandLine.HelpCommand.class,
            io.faultline.checker.cli.CheckCommand.class,
            io.faultline.node.NodeCommand.class,
            io.faultline.harness.cli.RunCommand.class,
            io.faultline.harness.cli.RerunCommand.class,
            io.faultline.harness.cli.CleanupHostsCommand.class,
            io.faultline.harness.cli.DetectCommand.class,
            io.faultline.harness.cli.SimCommand.class,
            io.faultline.harness.cli.MergeCommand.class,
            io.faultline.harness.cli.TallyCommand.class,
            io.faultline.checker.bench.BenchCommand.class,
            BenchRaftCommand.class,
            BenchKvCommand.class,
            io.faultline.harness.cli.BenchSystemsCommand.class,
            io.faultline.harness.cli.BenchRestartCommand.class,
            io.faultline.harness.cli.BenchReportCommand.class,
        })
public final class Faultline implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The Faultline version, as recorded in config.json. */
    public static String version() {
        return new Version().getVersion()[0];
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Faultline()).execute(args));
    }
}
