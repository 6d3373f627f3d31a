package io.faultline.checker.wgl;

import java.util.Arrays;

/**
 * Sorts a partition's call and return entries by time; at equal times calls come first, so
 * operations that touch count as concurrent. Times, the call flag and the entry number are
 * packed into one long when they fit (times relative to the earliest), which sorts a 100k-entry
 * partition without boxing; otherwise a comparator sort does the same.
 */
final class TimeOrder {
    private TimeOrder() {
    }

    /** Entry numbers in time order. */
    static int[] sort(long[] at, boolean[] call) {
        int count = at.length;
        if (count == 0) {
            return new int[0];
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long t : at) {
            min = Math.min(min, t);
            max = Math.max(max, t);
        }
        int indexBits = 64 - Long.numberOfLeadingZeros(count);
        long span = max - min;
        if (span < 0 || span >= 1L << (62 - indexBits)) {
            return byComparator(at, call);
        }
        long[] packed = new long[count];
        for (int e = 0; e < count; e++) {
            packed[e] = ((at[e] - min) << 1 | (call[e] ? 0 : 1)) << indexBits | e;
        }
        Arrays.sort(packed);
        int[] order = new int[count];
        long mask = (1L << indexBits) - 1;
        for (int k = 0; k < count; k++) {
            order[k] = (int) (packed[k] & mask);
        }
        return order;
    }

    private static int[] byComparator(long[] at, boolean[] call) {
        Integer[] order = new Integer[at.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Long.compare(at[a], at[b]);
            return c != 0 ? c : Boolean.compare(!call[a], !call[b]);
        });
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }
}
