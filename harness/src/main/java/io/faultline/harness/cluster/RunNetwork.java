package io.faultline.harness.cluster;

import org.testcontainers.containers.Network;

/** The run's private bridge network, created with the run's labels. */
final class RunNetwork implements Network {
    private final String id;

    private RunNetwork(String id) {
        this.id = id;
    }

    static RunNetwork create(String runId) {
        String id = DockerResources.client().createNetworkCmd()
                .withName("faultline-" + runId)
                .withDriver("bridge")
                .withCheckDuplicate(true)
                .withLabels(Labels.forRun(runId))
                .exec()
                .getId();
        return new RunNetwork(id);
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public void close() {
        try {
            DockerResources.client().removeNetworkCmd(id).exec();
        } catch (RuntimeException ignored) {
            // removed already, or removed by the label sweep
        }
    }
}
