package io.faultline.harness.system;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The static cluster a node is started into: every member's number; members reach
 * each other by their network alias ({@link #hostName}).
 */
public record Membership(List<Integer> ids) {
    public Membership {
        ids = List.copyOf(ids);
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
