package io.faultline.harness.nemesis;

import java.util.List;
import java.util.Optional;

/** What the nemesis acts on: the cluster's processes and network. */
public interface FaultTarget {
    List<Integer> nodes();

    Optional<Integer> leader();

    void kill(int node);

    void restart(int node);

    void pause(int node);

    void resume(int node);

    /** Makes the network look like {@code graph}: every missing edge is cut both ways. */
    void partition(Connectivity graph);

    void loss(double probability);

    /** Removes every partition and every loss rule. */
    void healNetwork();
}
