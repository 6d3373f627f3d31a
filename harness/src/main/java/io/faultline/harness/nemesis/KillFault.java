package io.faultline.harness.nemesis;

/** SIGKILL of one node process; restarted with its data when the fault ends. */
public record KillFault(Target target) implements OneNodeFault {
    public static final FaultPackage PACKAGE = new FaultPackage("kill",
            "SIGKILL a node (random or leader), restart it later with its data", d -> new KillFault(d.target()));

    public String kind() {
        return PACKAGE.name();
    }

    public Effect effect() {
        return Effect.DOWN;
    }

    public void act(FaultTarget cluster, int node) {
        cluster.kill(node);
    }

    public void undo(FaultTarget cluster, int node) {
        cluster.restart(node);
    }
}
