package io.faultline.harness.system;

import java.util.List;

/**
 * Membership changes through a system's own API, for the membership fault. Members are named
 * by the harness's node number (their place: container {@code n3}), whatever identity the
 * system gives the member there; a fresh member in a place gets a new identity.
 */
public interface MemberChanges {
    /** The members of the configuration now, by place, as the system lists them. */
    List<Integer> members();

    /**
     * Removes the member in {@code place} from the configuration (asking each node until the
     * one that can do it, the leader, has done it); returns the members after it. The removed
     * process is left as the system leaves it (etcd's stops itself; the Faultline node's goes
     * on running, outside the cluster).
     */
    List<Integer> remove(int place);

    /**
     * Adds a fresh member for {@code place}, its {@code generation}-th (1: the first
     * replacement), before its process starts; returns the members after it. Its process is
     * then started with {@link SystemUnderTest#joinCommand}.
     */
    List<Integer> add(int place, int generation);
}
