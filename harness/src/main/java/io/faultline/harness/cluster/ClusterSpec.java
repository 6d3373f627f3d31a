package io.faultline.harness.cluster;

import io.faultline.harness.system.Membership;
import io.faultline.harness.system.SystemUnderTest;
import io.faultline.harness.systems.Systems;
import java.time.Duration;
import java.util.List;

/**
 * What cluster to start.
 *
 * @param nodes        number of nodes (3, 5 or 7 are the supported sizes)
 * @param system       the system under test, with its options
 * @param image        the image to run; null: the system's own
 * @param startTimeout how long to wait for the first leader
 * @param powerLossFs  each node's data volume is mounted on the power-loss file system
 *                     (docker/powerfs); the containers get the FUSE device and the rights to mount it
 */
public record ClusterSpec(int nodes, SystemUnderTest system, String image, Duration startTimeout,
                          boolean powerLossFs) {

    public ClusterSpec {
        if (nodes < 1 || nodes > 9) {
            throw new IllegalArgumentException("nodes must be between 1 and 9, got " + nodes);
        }
        if (image == null || image.isBlank()) image = system.layout().image();
    }

    /** {@code nodes} of the default system (Faultline's node). */
    public static ClusterSpec of(int nodes) {
        return of(nodes, Systems.defaultSystem());
    }

    public static ClusterSpec of(int nodes, SystemUnderTest system) {
        return new ClusterSpec(nodes, system, null, Duration.ofSeconds(60), false);
    }

    public ClusterSpec withImage(String image) {
        return new ClusterSpec(nodes, system, image, startTimeout, powerLossFs);
    }

    public ClusterSpec withPowerLossFs(boolean on) {
        return new ClusterSpec(nodes, system, image, startTimeout, on);
    }

    public Membership membership() {
        return Membership.of(nodes);
    }

    public List<Integer> ids() {
        return membership().ids();
    }

    /** The node process's command line for node {@code id}. */
    public List<String> command(int id) {
        return system.command(id, membership());
    }
}
