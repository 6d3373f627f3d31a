package io.faultline.harness.nemesis;

import java.util.Locale;

/** What a corruption fault does to one data file: exact, so that a rerun repeats it. */
public sealed interface Damage {
    String file();

    /** As the nemesis log writes it. */
    String describe();

    /** The byte at {@code offset} xor {@code mask} (one to a few bits flipped). */
    record BitFlip(String file, long offset, int mask) implements Damage {
        public String describe() {
            return String.format(Locale.ROOT, "flip %s byte %d xor 0x%02x", file, offset, mask);
        }
    }

    /** The file cut to {@code size} bytes. */
    record Truncate(String file, long size, long was) implements Damage {
        public String describe() {
            return "truncate " + file + " from " + was + " to " + size + " bytes";
        }
    }
}
