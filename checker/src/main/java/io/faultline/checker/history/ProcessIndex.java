package io.faultline.checker.history;

/**
 * Numbers the processes of a history 0, 1, 2, ... in order of first appearance, with an
 * open-addressing table of primitive longs: pairing a million ops looks a process up once per
 * op, which a boxed map or a binary search made a tenth of a check.
 */
final class ProcessIndex {
    private long[] process = new long[64];
    private int[] index = new int[64]; // number + 1; 0 = empty slot
    private int size;

    /** The process's number, given a new one the first time it is seen. */
    int of(long p) {
        int i = slot(process, index, p);
        if (index[i] != 0) {
            return index[i] - 1;
        }
        if (2 * (size + 1) > process.length) {
            grow();
            i = slot(process, index, p);
        }
        process[i] = p;
        index[i] = ++size;
        return size - 1;
    }

    private static int slot(long[] process, int[] index, long p) {
        int mask = process.length - 1;
        long h = p * 0x9E3779B97F4A7C15L;
        int i = (int) (h ^ (h >>> 32)) & mask;
        while (index[i] != 0 && process[i] != p) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] biggerProcess = new long[process.length * 2];
        int[] biggerIndex = new int[index.length * 2];
        for (int i = 0; i < process.length; i++) {
            if (index[i] != 0) {
                int j = slot(biggerProcess, biggerIndex, process[i]);
                biggerProcess[j] = process[i];
                biggerIndex[j] = index[i];
            }
        }
        process = biggerProcess;
        index = biggerIndex;
    }
}
