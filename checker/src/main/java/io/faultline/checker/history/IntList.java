package io.faultline.checker.history;

import java.util.Arrays;

/** A growable array of ints (line numbers) without boxing. */
final class IntList {
    private int[] items = new int[64];
    private int size;

    void add(int v) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = v;
    }

    int[] toArray() {
        return Arrays.copyOf(items, size);
    }
}
