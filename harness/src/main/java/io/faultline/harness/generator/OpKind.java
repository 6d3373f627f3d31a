package io.faultline.harness.generator;

/** What an operation does to the store, independent of the workload's function names. */
public enum OpKind {
    READ,
    WRITE,
    CAS,
    DELETE
}
