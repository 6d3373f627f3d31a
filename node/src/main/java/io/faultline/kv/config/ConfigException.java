package io.faultline.kv.config;

/** A bad flag or environment value; the message names the flag and the reason. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
