package io.faultline.harness.nemesis;

/** One file of a node's data directory: its path (absolute, in the node's environment) and size. */
public record DataFile(String path, long size) {}
