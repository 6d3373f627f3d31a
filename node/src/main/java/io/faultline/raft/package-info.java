/**
 * Raft as a pure, deterministic state machine (TinyKV's RaftLog / Raft / RawNode /
 * Ready design): no threads, no I/O, no clock. Applications drive a {@link
 * io.faultline.raft.RawNode} with ticks, messages and proposals and handle the
 * {@link io.faultline.raft.Ready} batches it hands out. See {@code docs/raft.md}.
 */
package io.faultline.raft;
