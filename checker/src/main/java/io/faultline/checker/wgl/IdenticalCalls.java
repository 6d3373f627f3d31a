package io.faultline.checker.wgl;

import io.faultline.checker.model.Call;
import java.util.Objects;

/**
 * Numbers the calls of one partition so that identical calls (same function, argument, result
 * and outcome) share a number. The partition key is the same for all of them, so it is left out
 * of hashing and comparing: on a 100k-op partition, hashing whole records (and comparing key
 * strings that are equal but distinct objects) was a third of the check.
 */
final class IdenticalCalls {
    private IdenticalCalls() {
    }

    /** The numbers, from 0; {@code count[0]} receives how many distinct calls there are. */
    static int[] number(Call[] calls, int[] count) {
        int[] same = new int[calls.length];
        int capacity = Integer.highestOneBit(Math.max(4, calls.length * 2 - 1)) << 1;
        int[] table = new int[capacity]; // item + 1 of the first call with that number, 0 = empty
        int mask = capacity - 1;
        int distinct = 0;
        for (int i = 0; i < calls.length; i++) {
            Call c = calls[i];
            int slot = hash(c) & mask;
            while (true) {
                int first = table[slot] - 1;
                if (first < 0) {
                    table[slot] = i + 1;
                    same[i] = distinct++;
                    break;
                }
                if (identical(calls[first], c)) {
                    same[i] = same[first];
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
        count[0] = distinct;
        return same;
    }

    private static int hash(Call c) {
        int h = c.code() * 31 + (c.indeterminate() ? 1 : 0);
        h = h * 0x9E3779B1 + Objects.hashCode(c.input());
        h = h * 0x9E3779B1 + Objects.hashCode(c.output());
        return h ^ (h >>> 16);
    }

    private static boolean identical(Call a, Call b) {
        return a.code() == b.code() && a.indeterminate() == b.indeterminate()
                && Objects.equals(a.input(), b.input()) && Objects.equals(a.output(), b.output());
    }
}
