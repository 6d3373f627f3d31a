package io.faultline.checker.wgl;

/**
 * The determinate operations linearized so far, as a bitset with a Zobrist hash, and the window
 * of words worth storing: before {@link #low()} every determinate item is done, from
 * {@link #high()} on none is. Operations are mostly linearized near the frontier, so the bounds
 * move by a word now and then and the memo cache never scans the whole set.
 */
final class DoneSet {
    private final long[] bits;
    private final int[] left;
    private final int[] doneInWord;
    private long hash;
    private int low;
    private int high;

    DoneSet(int[] determinatePerWord) {
        this.bits = new long[determinatePerWord.length];
        this.left = determinatePerWord.clone();
        this.doneInWord = new int[bits.length];
        skipFinishedWords();
    }

    void add(int item, long itemHash) {
        int w = item >>> 6;
        bits[w] |= 1L << item;
        hash ^= itemHash;
        left[w]--;
        doneInWord[w]++;
        skipFinishedWords();
        high = Math.max(high, w + 1);
    }

    void undo(int item, long itemHash) {
        int w = item >>> 6;
        bits[w] &= ~(1L << item);
        hash ^= itemHash;
        left[w]++;
        low = Math.min(low, w);
        if (--doneInWord[w] == 0 && w == high - 1) {
            while (high > 0 && doneInWord[high - 1] == 0) {
                high--;
            }
        }
    }

    private void skipFinishedWords() {
        while (low < left.length && left[low] == 0) {
            low++;
        }
    }

    boolean contains(int item) {
        return (bits[item >>> 6] & (1L << item)) != 0;
    }

    long[] bits() {
        return bits;
    }

    long hash() {
        return hash;
    }

    int low() {
        return low;
    }

    int high() {
        return high;
    }
}
