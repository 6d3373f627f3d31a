package io.faultline.harness.report;

import io.faultline.checker.report.Html;
import java.util.List;
import java.util.Locale;

/** A small SVG chart: time on x, a linear or log y, fault bands behind the data. */
final class Svg {
    static final int W = 960;
    static final int H = 260;
    static final int LEFT = 60;
    static final int RIGHT = 20;
    static final int TOP = 16;
    static final int BOTTOM = 34;

    private final StringBuilder b = new StringBuilder();
    private final double xMax;
    private final double yMin;
    private final double yMax;
    private final boolean logY;

    Svg(double xMax, double yMin, double yMax, boolean logY, String yLabel) {
        this.xMax = Math.max(xMax, 1);
        this.logY = logY;
        this.yMin = logY ? Math.max(yMin, 0.1) : yMin;
        this.yMax = Math.max(yMax, this.yMin * 1.01 + 1e-9);
        b.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" class=\"chart\">", W, H));
        b.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" class=\"axis\" transform=\"rotate(-90 12 %d)\">%s</text>",
                H / 2, H / 2, Html.escape(yLabel)));
    }

    double x(double t) {
        return LEFT + (W - LEFT - RIGHT) * t / xMax;
    }

    double y(double v) {
        double lo = logY ? Math.log10(yMin) : yMin;
        double hi = logY ? Math.log10(yMax) : yMax;
        double vv = logY ? Math.log10(Math.max(v, yMin)) : v;
        return TOP + (H - TOP - BOTTOM) * (1 - (vv - lo) / (hi - lo));
    }

    Svg bands(List<Timeline.Band> bands) {
        for (Timeline.Band band : bands) {
            double x0 = x(band.start());
            double x1 = Math.max(x(band.end()), x0 + 1);
            b.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" class=\"band band-%s\"><title>%s</title></rect>",
                    x0, TOP, x1 - x0, H - TOP - BOTTOM, Html.escape(band.kind()), Html.escape(band.description())));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"bandlabel\">%s</text>",
                    x0 + 2, TOP + 10, Html.escape(band.kind())));
        }
        return this;
    }

    Svg axes() {
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"frame\"/>",
                LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM));
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"frame\"/>",
                LEFT, TOP, LEFT, H - BOTTOM));
        double step = niceStep(xMax / 10);
        for (double t = 0; t <= xMax + 1e-9; t += step) {
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%s</text>",
                    x(t), H - BOTTOM + 14, trim(t)));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"axis\" text-anchor=\"middle\">seconds</text>",
                (W + LEFT) / 2, H - 4));
        if (logY) {
            for (double v = Math.pow(10, Math.floor(Math.log10(yMin))); v <= yMax * 1.0001; v *= 10) {
                if (v < yMin) continue;
                tickY(v);
            }
        } else {
            double ys = niceStep((yMax - yMin) / 5);
            for (double v = yMin; v <= yMax + 1e-9; v += ys) tickY(v);
        }
        return this;
    }

    private void tickY(double v) {
        b.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"grid\"/><text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s</text>",
                LEFT, y(v), W - RIGHT, y(v), LEFT - 4, y(v) + 4, trim(v)));
    }

    Svg dot(double t, double v, String cls, String title) {
        b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" class=\"%s\"><title>%s</title></circle>",
                x(t), y(v), cls, Html.escape(title)));
        return this;
    }

    Svg line(double[] values, String cls) {
        StringBuilder path = new StringBuilder();
        boolean pen = false;
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                pen = false;
                continue;
            }
            path.append(pen ? " L" : " M").append(String.format(Locale.ROOT, "%.1f %.1f", x(i + 0.5), y(values[i])));
            pen = true;
        }
        b.append("<path d=\"").append(path.toString().trim()).append("\" class=\"").append(cls).append("\"/>");
        return this;
    }

    Svg legend(String... classAndLabel) {
        double lx = LEFT + 10;
        for (int i = 0; i + 1 < classAndLabel.length; i += 2) {
            b.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"10\" height=\"10\" class=\"%s swatch\"/><text x=\"%.1f\" y=\"%d\" class=\"tick\">%s</text>",
                    lx, H - BOTTOM - 16, classAndLabel[i], lx + 14, H - BOTTOM - 7, Html.escape(classAndLabel[i + 1])));
            lx += 20 + 7 * classAndLabel[i + 1].length();
        }
        return this;
    }

    String done() {
        return b.append("</svg>").toString();
    }

    static double niceStep(double raw) {
        if (raw <= 0) return 1;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / p;
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2g", v);
    }
}
