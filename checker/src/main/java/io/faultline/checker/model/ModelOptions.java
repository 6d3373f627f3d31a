package io.faultline.checker.model;

/**
 * Options that change a model's semantics.
 *
 * @param missingKey what reading an absent key returns in the {@code kv} model
 */
public record ModelOptions(MissingKey missingKey) {

    public enum MissingKey {
        /** Our nodes: a get of an absent key returns null. */
        NIL,
        /** Porcupine's kv histories: every key starts as the empty string. */
        EMPTY_STRING
    }

    public ModelOptions {
        if (missingKey == null) {
            missingKey = MissingKey.NIL;
        }
    }

    public static ModelOptions defaults() {
        return new ModelOptions(MissingKey.NIL);
    }

    /**
     * Parses {@code -} (defaults) or comma-separated {@code name=value} settings; the only one
     * is {@code missing-key=nil|empty}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static ModelOptions parse(String text) {
        ModelOptions o = defaults();
        if (text == null || text.isBlank() || text.trim().equals("-")) {
            return o;
        }
        for (String setting : text.split(",")) {
            String[] kv = setting.trim().split("=", 2);
            if (kv.length != 2 || !kv[0].equals("missing-key")) {
                throw new IllegalArgumentException("unknown model option \"" + setting.trim()
                        + "\" (known: missing-key=nil|empty)");
            }
            o = o.withMissingKey(parseMissingKey(kv[1]));
        }
        return o;
    }

    public static MissingKey parseMissingKey(String text) {
        return switch (text.trim()) {
            case "nil" -> MissingKey.NIL;
            case "empty" -> MissingKey.EMPTY_STRING;
            default -> throw new IllegalArgumentException("missing-key must be nil or empty, got \"" + text + "\"");
        };
    }

    public ModelOptions withMissingKey(MissingKey m) {
        return new ModelOptions(m);
    }
}
