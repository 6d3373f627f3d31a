package io.faultline.harness.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;

/**
 * Finds and removes Docker resources by the labels in {@link Labels}: the end of a
 * run removes its own, the start of a run removes those of crashed runs (owner
 * process gone).
 */
public final class DockerResources {
    private DockerResources() {}

    public static DockerClient client() {
        return DockerClientFactory.instance().client();
    }

    /** Containers, networks and volumes that carry {@code label=value}. */
    public static Counts count(String label, String value) {
        DockerClient d = client();
        List<String> filter = List.of(label + "=" + value);
        int containers = d.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(label, value)).exec().size();
        int networks = d.listNetworksCmd().withFilter("label", filter).exec().size();
        var volumes = d.listVolumesCmd().withFilter("label", filter).exec().getVolumes();
        return new Counts(containers, networks, volumes == null ? 0 : volumes.size());
    }

    public record Counts(int containers, int networks, int volumes) {
        public int total() {
            return containers + networks + volumes;
        }

        @Override
        public String toString() {
            return containers + " containers, " + networks + " networks, " + volumes + " volumes";
        }
    }

    /** Removes everything of one run; never throws (used from shutdown paths). */
    public static Counts removeRun(String runId) {
        return remove(Labels.RUN, runId);
    }

    /** Removes the resources of runs whose harness process no longer exists. Returns what was removed. */
    public static Counts sweepCrashedRuns() {
        DockerClient d = client();
        List<String> deadRuns = new ArrayList<>();
        for (Container c : d.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.FAULTLINE, "true")).exec()) {
            addIfOrphan(deadRuns, c.getLabels());
        }
        for (var n : d.listNetworksCmd().withFilter("label", List.of(Labels.FAULTLINE + "=true")).exec()) {
            addIfOrphan(deadRuns, n.getLabels());
        }
        var volumes = d.listVolumesCmd().withFilter("label", List.of(Labels.FAULTLINE + "=true")).exec().getVolumes();
        if (volumes != null) {
            for (var v : volumes) addIfOrphan(deadRuns, v.getLabels());
        }
        int c = 0, n = 0, v = 0;
        for (String run : deadRuns) {
            Counts removed = removeRun(run);
            c += removed.containers();
            n += removed.networks();
            v += removed.volumes();
        }
        return new Counts(c, n, v);
    }

    private static void addIfOrphan(List<String> runs, Map<String, String> labels) {
        if (labels == null) return;
        String run = labels.get(Labels.RUN);
        if (run == null || runs.contains(run)) return;
        long pid;
        try {
            pid = Long.parseLong(labels.getOrDefault(Labels.OWNER_PID, "-1"));
        } catch (NumberFormatException e) {
            pid = -1;
        }
        boolean ownerAlive = pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        if (!ownerAlive) runs.add(run);
    }

    private static Counts remove(String label, String value) {
        int c = 0, n = 0, v = 0;
        try {
            DockerClient d = client();
            for (Container container : d.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(label, value)).exec()) {
                try {
                    d.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
                    c++;
                } catch (RuntimeException ignored) {
                    // already gone
                }
            }
            for (var network : d.listNetworksCmd().withFilter("label", List.of(label + "=" + value)).exec()) {
                try {
                    d.removeNetworkCmd(network.getId()).exec();
                    n++;
                } catch (RuntimeException ignored) {
                    // already gone
                }
            }
            var volumes = d.listVolumesCmd().withFilter("label", List.of(label + "=" + value)).exec().getVolumes();
            if (volumes != null) {
                for (var volume : volumes) {
                    try {
                        d.removeVolumeCmd(volume.getName()).exec();
                        v++;
                    } catch (RuntimeException ignored) {
                        // already gone
                    }
                }
            }
        } catch (RuntimeException e) {
            // Docker unreachable: nothing more can be done here.
        }
        return new Counts(c, n, v);
    }
}
