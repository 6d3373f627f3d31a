package io.faultline.sim;

/** Thrown inside a simulated node to stop it dead at the step it reached (a power cut there). */
final class SimCrash extends RuntimeException {
    SimCrash(String where) {
        super(where, null, false, false);
    }
}
