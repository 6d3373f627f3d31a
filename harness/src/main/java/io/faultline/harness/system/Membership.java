package io.faultline.harness.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The static cluster a node is started into: every member's number, and the name its peers
 * reach it by ({@link #name}): its network alias in Docker ({@link #hostName}), its host's
 * name on hosts reached by SSH.
 */
public record Membership(List<Integer> ids, Map<Integer, String> names) {
    public Membership {
        ids = List.copyOf(ids);
        names = Map.copyOf(names);
    }

    /** Members named by their network alias. */
    public Membership(List<Integer> ids) {
        this(ids, Map.of());
    }

    /** The same members, each reached by the name {@code names} gives it. */
    public Membership named(Map<Integer, String> hostNames) {
        return new Membership(ids, hostNames);
    }

    /** How the peers reach member {@code id}. */
    public String name(int id) {
        return names.getOrDefault(id, hostName(id));
    }

    public static Membership of(int nodes) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) ids.add(i);
        return new Membership(ids);
    }

    public static String hostName(int id) {
        return "n" + id;
    }

    /** One entry per member, comma-separated: the form every static cluster flag takes. */
    public String commaList(IntFunction<String> entry) {
        return ids.stream().map(entry::apply).collect(Collectors.joining(","));
    }
}
