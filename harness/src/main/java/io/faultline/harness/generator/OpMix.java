package io.faultline.harness.generator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Relative weights of the operation kinds, e.g. {@code read=50,write=25,cas=20,delete=5}. */
public record OpMix(Map<OpKind, Integer> weights) {
    public OpMix {
        weights = Map.copyOf(weights);
        if (weights.values().stream().anyMatch(w -> w < 0)) throw new IllegalArgumentException("negative weight in op mix");
        if (weights.values().stream().mapToInt(Integer::intValue).sum() <= 0) {
            throw new IllegalArgumentException("op mix has no positive weight");
        }
    }

    /** Parses {@code kind=weight,...}; kinds are read|get, write|put, cas, delete. */
    public static OpMix parse(String text) {
        Map<OpKind, Integer> w = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String[] kv = part.trim().split("=");
            if (kv.length != 2) throw new IllegalArgumentException("op mix entry '" + part + "' is not kind=weight");
            OpKind kind = switch (kv[0].trim().toLowerCase(java.util.Locale.ROOT)) {
                case "read", "get" -> OpKind.READ;
                case "write", "put" -> OpKind.WRITE;
                case "cas" -> OpKind.CAS;
                case "delete" -> OpKind.DELETE;
                default -> throw new IllegalArgumentException("unknown op kind '" + kv[0].trim()
                        + "' (expected read, write, cas or delete)");
            };
            try {
                w.put(kind, Integer.parseInt(kv[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("op mix weight '" + kv[1].trim() + "' is not a number");
            }
        }
        return new OpMix(w);
    }

    public OpKind pick(SplittableRandom rnd) {
        int total = 0;
        for (OpKind k : OpKind.values()) total += weights.getOrDefault(k, 0);
        int x = rnd.nextInt(total);
        for (OpKind k : OpKind.values()) {
            x -= weights.getOrDefault(k, 0);
            if (x < 0) return k;
        }
        throw new IllegalStateException("unreachable");
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (OpKind k : OpKind.values()) {
            int w = weights.getOrDefault(k, 0);
            if (w == 0) continue;
            if (b.length() > 0) b.append(',');
            b.append(k.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(w);
        }
        return b.toString();
    }
}
