package io.faultline.harness.nemesis;

/** SIGSTOP of one node process; SIGCONT when the fault ends. */
public record PauseFault(Target target) implements OneNodeFault {
    public static final FaultPackage PACKAGE = new FaultPackage("pause",
            "SIGSTOP a node (random or leader), SIGCONT later", d -> new PauseFault(d.target()));

    public String kind() {
        return PACKAGE.name();
    }

    public Effect effect() {
        return Effect.PAUSED;
    }

    public void act(FaultTarget cluster, int node) {
        cluster.pause(node);
    }

    public void undo(FaultTarget cluster, int node) {
        cluster.resume(node);
    }
}
