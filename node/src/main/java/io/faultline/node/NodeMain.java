package io.faultline.node;

import picocli.CommandLine;

/** Entry point of the node image: the same command as {@code faultline node}. */
public final class NodeMain {
    private NodeMain() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new NodeCommand()).execute(args));
    }
}
