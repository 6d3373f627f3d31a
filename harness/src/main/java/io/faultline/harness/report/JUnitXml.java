package io.faultline.harness.report;

import io.faultline.checker.report.Html;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The runs of one {@code faultline run} as a JUnit XML test suite, the format CI servers
 * display: one test case per run; a violation is a failure, anything else that is not
 * linearizable (unknown, not recovered, interrupted, setup error) an error.
 */
public final class JUnitXml {
    private JUnitXml() {}

    /**
     * @param status   run status wire name (linearizable, violation, ...)
     * @param seconds  wall time of the run
     * @param summary  its one-line summary
     * @param report   path of its report.html
     */
    public record Case(String name, String status, double seconds, String summary, String report) {}

    public static void write(Path file, String suite, List<Case> cases) throws IOException {
        long failures = cases.stream().filter(c -> c.status().equals("violation")).count();
        long errors = cases.stream().filter(c -> !c.status().equals("violation") && !c.status().equals("linearizable")).count();
        double total = cases.stream().mapToDouble(Case::seconds).sum();
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append(String.format(Locale.ROOT, "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\" time=\"%.3f\">%n",
                Html.escape(suite), cases.size(), failures, errors, total));
        for (Case c : cases) {
            x.append(String.format(Locale.ROOT, "  <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\">",
                    Html.escape(suite), Html.escape(c.name()), c.seconds()));
            String message = Html.escape(c.status() + ": " + c.summary());
            if (c.status().equals("violation")) {
                x.append("\n    <failure message=\"").append(message).append("\" type=\"violation\">")
                        .append(Html.escape("report: " + c.report())).append("</failure>\n  ");
            } else if (!c.status().equals("linearizable")) {
                x.append("\n    <error message=\"").append(message).append("\" type=\"").append(Html.escape(c.status()))
                        .append("\">").append(Html.escape("report: " + c.report())).append("</error>\n  ");
            }
            x.append("<system-out>").append(Html.escape("report: " + c.report())).append("</system-out></testcase>\n");
        }
        x.append("</testsuite>\n");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, x.toString(), StandardCharsets.UTF_8);
    }
}
