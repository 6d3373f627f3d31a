package io.faultline.node;

import picocli.CommandLine;

/** Entry point of the node image: the same command as {@code faultline node}. */
public final class NodeMain {
    private NodeMain() {}

    /** Netty's buffer-leak sampler, as the gRPC transport shades it. */
    static final String LEAK_DETECTION = "io.grpc.netty.shaded.io.netty.leakDetection.level";

    public static void main(String[] args) {
        io.faultline.kv.StartTimes.mainEntered();
        // A serving node does not pay for leak tracing: Netty's default samples one buffer in
        // 128 and records a stack trace for each, about 2 % of a busy leader's allocation.
        // In-JVM test clusters keep it on, where a leak would be found; -D turns it on here.
        if (System.getProperty(LEAK_DETECTION) == null) System.setProperty(LEAK_DETECTION, "disabled");
        java.util.Optional<NodeCommand> quick = QuickFlags.parse(args, System::getenv);
        System.exit(quick.isPresent() ? quick.get().call() : new CommandLine(new NodeCommand()).execute(args));
    }
}
