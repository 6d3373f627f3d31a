package io.faultline.raft;

public enum StateType {
    FOLLOWER,
    PRE_CANDIDATE,
    CANDIDATE,
    LEADER
}
