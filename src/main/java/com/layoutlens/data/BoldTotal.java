package com.layoutlens.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The report's hypothesis that the TOTAL value is printed bold, measured on the scans.
 *
 * <p>Each word's stroke weight is measured in its box ({@link StrokeWeight}); the TOTAL value's
 * weight is measured over all its words together. Scans differ in resolution and darkness, so
 * weights are compared within a receipt: a word's <i>relative weight</i> is its weight divided
 * by the median weight of the words of its receipt. The figures: the share of receipts whose
 * TOTAL value is bolder than their median word (relative weight above 1), and than the median
 * of their other numbers; the percentiles of the relative weight of TOTAL values and of the
 * other numbers (words that are a number, after an optional RM or $, and not TOTAL); and a
 * histogram of both.
 */
public final class BoldTotal {

    /** Histogram bins of relative weight: [0.5 + 0.1 i, 0.6 + 0.1 i), the first and last open-ended. */
    public static final double BIN_START = 0.5;
    public static final double BIN_WIDTH = 0.1;
    public static final int BINS = 16;
    public static final double[] PERCENTILES = {10, 25, 50, 75, 90};

    /** A number: optional currency, digits with . or , and at least one digit, optional sign or %. */
    private static final Pattern NUMBER = Pattern.compile("(?i)(RM|\\$|MYR)?[-+]?[0-9.,]*[0-9][0-9.,]*%?");

    /** One receipt's figures. */
    public record ReceiptWeights(String id, double median, double total, double medianNumber, int words) {
        public double relative() {
            return total / median;
        }
    }

    /** One word's weight (NaN: too little ink) and its weight relative to its receipt's median word. */
    public record WordWeight(String receipt, int segment, int word, String text, String label, double weight,
                             double relative) {
    }

    private final String totalLabel;
    private final List<WordWeight> words = new ArrayList<>();
    private final List<ReceiptWeights> receipts = new ArrayList<>();
    private final List<Double> otherNumbers = new ArrayList<>();
    private final List<String> unreadable = new ArrayList<>();
    private int withoutImage;

    public BoldTotal(String totalLabel) {
        this.totalLabel = totalLabel;
    }

    public BoldTotal() {
        this("TOTAL");
    }

    /** Whether a word's text is a number in the sense of this measure. */
    public static boolean isNumber(String text) {
        return NUMBER.matcher(text).matches();
    }

    /** Adds a receipt: its scan is read, and its rows give the words and which are TOTAL. */
    public void add(Receipt receipt, List<LabelRow> rows) {
        if (receipt.image() == null) {
            withoutImage++;
            return;
        }
        StrokeWeight page;
        try {
            page = StrokeWeight.read(receipt.image());
        } catch (IOException e) {
            unreadable.add(receipt.id());
            return;
        }
        add(receipt.id(), page, rows);
    }

    /** Adds a receipt whose page is already binarised. */
    public ReceiptWeights add(String id, StrokeWeight page, List<LabelRow> rows) {
        double[] all = new double[rows.size()];
        double[] each = new double[rows.size()];
        int n = 0;
        List<Box> total = new ArrayList<>();
        List<Double> numbers = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            LabelRow r = rows.get(i);
            double w = page.weight(r.box());
            each[i] = w;
            boolean isTotal = r.label().equals(totalLabel);
            if (isTotal) {
                total.add(r.box());
            }
            if (Double.isNaN(w)) {
                continue;
            }
            all[n++] = w;
            if (!isTotal && isNumber(r.text())) {
                numbers.add(w);
            }
        }
        if (n == 0) {
            return null;
        }
        double median = percentile(Arrays.copyOf(all, n), 50);
        double t = total.isEmpty() ? Double.NaN : page.weight(total);
        double medianNumber = numbers.isEmpty() ? Double.NaN
                : percentile(numbers.stream().mapToDouble(Double::doubleValue).toArray(), 50);
        ReceiptWeights rw = new ReceiptWeights(id, median, t, medianNumber, n);
        for (int i = 0; i < rows.size(); i++) {
            LabelRow r = rows.get(i);
            words.add(new WordWeight(id, r.segment(), r.word(), r.text(), r.label(), each[i], each[i] / median));
        }
        receipts.add(rw);
        for (double w : numbers) {
            otherNumbers.add(w / median);
        }
        return rw;
    }

    /** Every measured word, receipt by receipt in the order added. */
    public List<WordWeight> words() {
        return List.copyOf(words);
    }

    public List<ReceiptWeights> receipts() {
        return List.copyOf(receipts);
    }

    /** Relative weights of the TOTAL values, one per receipt that has a measurable one. */
    public double[] totalRelative() {
        return receipts.stream().filter(r -> !Double.isNaN(r.total())).mapToDouble(ReceiptWeights::relative).toArray();
    }

    /** Relative weights of the other numbers, one per word. */
    public double[] otherRelative() {
        return otherNumbers.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The p-th percentile (0..100) by linear interpolation between order statistics; NaN when empty. */
    public static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        double pos = p / 100 * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(v.length - 1, lo + 1);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }

    /** Counts per bin (see {@link #BIN_START}). */
    public static long[] histogram(double[] values) {
        long[] h = new long[BINS];
        for (double x : values) {
            int b = (int) Math.floor((x - BIN_START) / BIN_WIDTH + 1e-9);
            h[Math.max(0, Math.min(BINS - 1, b))]++;
        }
        return h;
    }

    /** The lower edge of each bin, for labelling. */
    public static List<String> binLabels() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < BINS; i++) {
            double lo = BIN_START + i * BIN_WIDTH;
            out.add(i == 0 ? "<" + fmt(lo + BIN_WIDTH) : i == BINS - 1 ? ">=" + fmt(lo) : fmt(lo));
        }
        return out;
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.1f", x);
    }

    /** The figures as {@code stats --json}'s {@code hypotheses.bold_total}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("claim", "the TOTAL value is printed bolder than the other words of its receipt");
        m.put("measure", "stroke width in pixels = 2 x ink pixels / ink perimeter inside the word box, ink = grey at"
                + " most the page's Otsu threshold; relative weight = weight / median word weight of the receipt");
        double[] t = totalRelative();
        long bolder = Arrays.stream(t).filter(x -> x > 1).count();
        long bolderThanNumbers = receipts.stream().filter(r -> !Double.isNaN(r.total()) && !Double.isNaN(r.medianNumber())
                && r.total() > r.medianNumber()).count();
        long withNumbers = receipts.stream().filter(r -> !Double.isNaN(r.total()) && !Double.isNaN(r.medianNumber())).count();
        m.put("receipts_measured", receipts.size());
        m.put("receipts_without_image", withoutImage);
        m.put("receipts_image_unreadable", List.copyOf(unreadable));
        m.put("receipts_with_total", t.length);
        m.put("receipts_total_bolder_than_median_word", bolder);
        m.put("share_total_bolder_than_median_word", t.length == 0 ? 0.0 : (double) bolder / t.length);
        m.put("receipts_total_and_other_numbers", withNumbers);
        m.put("receipts_total_bolder_than_median_number", bolderThanNumbers);
        m.put("share_total_bolder_than_median_number", withNumbers == 0 ? 0.0 : (double) bolderThanNumbers / withNumbers);
        double[] o = otherRelative();
        long otherBolder = Arrays.stream(o).filter(x -> x > 1).count();
        m.put("other_numbers_bolder_than_median_word", otherBolder);
        m.put("share_other_numbers_bolder_than_median_word", o.length == 0 ? 0.0 : (double) otherBolder / o.length);
        m.put("total_relative_percentiles", percentiles(t));
        m.put("other_numbers_relative_percentiles", percentiles(o));
        m.put("other_numbers", o.length);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("bins", binLabels());
        h.put("total", toList(histogram(t)));
        h.put("other_numbers", toList(histogram(o)));
        m.put("histogram", h);
        return m;
    }

    private static Map<String, Object> percentiles(double[] v) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (double p : PERCENTILES) {
            double x = percentile(v, p);
            m.put("p" + (int) p, Double.isNaN(x) ? null : Math.round(x * 1000) / 1000.0);
        }
        return m;
    }

    private static List<Long> toList(long[] h) {
        List<Long> out = new ArrayList<>();
        for (long c : h) {
            out.add(c);
        }
        return out;
    }
}
