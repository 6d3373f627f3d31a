package io.faultline.harness.run;

/** What a run tells its caller while it goes: phase changes and a progress tick each second. */
public interface RunListener {
    void phase(String message);

    void progress(Progress progress);

    RunListener SILENT = new RunListener() {
        @Override
        public void phase(String message) {}

        @Override
        public void progress(Progress progress) {}
    };

    /** A snapshot for the live progress line. */
    record Progress(double elapsedSeconds, double timeLimitSeconds, long ok, long fail, long info, String activeFault) {
        public String line() {
            return String.format(java.util.Locale.ROOT, "%5.1f/%.0fs  ok %d  fail %d  info %d  fault: %s",
                    elapsedSeconds, timeLimitSeconds, ok, fail, info, activeFault == null ? "-" : activeFault);
        }
    }
}
