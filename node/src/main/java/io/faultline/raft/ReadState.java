package io.faultline.raft;

import com.google.protobuf.ByteString;

/** A confirmed ReadIndex: reads tagged {@code context} are safe once applied ≥ {@code index}. */
public record ReadState(long index, ByteString context) {}
