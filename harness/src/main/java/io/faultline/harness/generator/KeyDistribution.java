package io.faultline.harness.generator;

import java.util.SplittableRandom;

/** How keys are chosen: uniformly, or Zipf-like (key i with weight 1/(i+1)) so a few keys are hot. */
public enum KeyDistribution {
    UNIFORM,
    ZIPF;

    public static KeyDistribution parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown key distribution '" + s + "' (expected uniform or zipf)");
        }
    }

    public int pick(SplittableRandom rnd, int keyCount) {
        if (this == UNIFORM || keyCount == 1) return rnd.nextInt(keyCount);
        double total = 0;
        for (int i = 0; i < keyCount; i++) total += 1.0 / (i + 1);
        double x = rnd.nextDouble() * total;
        for (int i = 0; i < keyCount; i++) {
            x -= 1.0 / (i + 1);
            if (x < 0) return i;
        }
        return keyCount - 1;
    }
}
