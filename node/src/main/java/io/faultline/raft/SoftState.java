package io.faultline.raft;

/** Volatile state worth showing (not persisting): who leads, and what this node is. */
public record SoftState(long leaderId, StateType state) {}
