package io.faultline.harness.generator;

/**
 * One operation a worker is to invoke.
 *
 * @param f          the function name recorded in the history (e.g. get, put, read, write)
 * @param kind       what it does
 * @param key        the key on the store
 * @param historyKey the key recorded in the history (null for a single register)
 * @param value      write: the new value; cas: [expected, new] (expected null = absent); else null
 */
public record KvOp(String f, OpKind kind, String key, String historyKey, Object value) {
    public boolean readOnly() {
        return kind == OpKind.READ;
    }
}
