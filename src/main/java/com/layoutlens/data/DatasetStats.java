package com.layoutlens.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The statistics that must come before any post-processing rule: how labels are
 * distributed, how often a TOTAL value is repeated on its receipt (the source of TOTAL
 * false positives), where COMPANY words sit (by visual line, from the top) and what
 * precedes TOTAL words on their line. How many gold words a rule would keep is measured
 * by the rule itself (the evaluation engine's {@code RuleSupport}), not re-implemented here.
 */
public final class DatasetStats {

    /** How far down the company-line histogram goes; deeper lines are counted in the last bucket. */
    public static final int MAX_LINE_BUCKET = 10;

    private final LabelSet labelSet;

    private int receipts;
    private int segments;
    private int words;
    private final Map<String, Integer> wordsPerLabel = new LinkedHashMap<>();
    private final Map<String, Integer> receiptsWithLabel = new LinkedHashMap<>();
    private final TreeMap<Integer, Integer> totalOccurrences = new TreeMap<>();
    private final TreeMap<Integer, Integer> companyLineHistogram = new TreeMap<>();
    private final TreeMap<Integer, Integer> companyFirstLineHistogram = new TreeMap<>();
    private final Map<String, Integer> beforeTotal = new TreeMap<>();
    private int totalWords;
    private int companyWords;

    public DatasetStats(LabelSet labelSet) {
        this.labelSet = labelSet;
        for (String l : labelSet.labels()) {
            wordsPerLabel.put(l, 0);
            receiptsWithLabel.put(l, 0);
        }
    }

    public DatasetStats() {
        this(LabelSet.sroie());
    }

    /** Adds one receipt with its word labels (gold or predicted). */
    public void add(Receipt receipt, List<LabelRow> rows) {
        receipts++;
        segments += receipt.segments().size();
        words += rows.size();
        List<Box> boxes = new ArrayList<>(rows.size());
        for (LabelRow r : rows) {
            boxes.add(r.box());
        }
        VisualLines lines = VisualLines.of(boxes);
        Map<String, Boolean> seen = new LinkedHashMap<>();
        int firstCompanyLine = Integer.MAX_VALUE;
        for (int i = 0; i < rows.size(); i++) {
            LabelRow r = rows.get(i);
            // counted per entity type: B-TOTAL and I-TOTAL are TOTAL words, as in the word-level figures
            String type = labelSet.typeOf(r.label()) == null ? r.label() : labelSet.typeOf(r.label());
            wordsPerLabel.merge(type, 1, Integer::sum);
            seen.put(type, true);
            if (Chunks.typeOf(r.label()).equals("COMPANY")) {
                companyWords++;
                int line = lines.lineOf(i);
                companyLineHistogram.merge(Math.min(line, MAX_LINE_BUCKET), 1, Integer::sum);
                firstCompanyLine = Math.min(firstCompanyLine, line);
            } else if (Chunks.typeOf(r.label()).equals("TOTAL")) {
                totalWords++;
                int left = lines.leftNeighbour(i);
                String prev = left < 0 ? "(line start)" : rows.get(left).text().toUpperCase(Locale.ROOT);
                beforeTotal.merge(prev, 1, Integer::sum);
            }
        }
        if (firstCompanyLine != Integer.MAX_VALUE) {
            companyFirstLineHistogram.merge(Math.min(firstCompanyLine, MAX_LINE_BUCKET), 1, Integer::sum);
        }
        for (String l : seen.keySet()) {
            receiptsWithLabel.merge(l, 1, Integer::sum);
        }
        String total = receipt.key("total");
        if (total != null && !GoldAligner.normalize(total).isEmpty()) {
            String v = GoldAligner.normalize(total);
            int n = 0;
            for (LabelRow r : rows) {
                String t = GoldAligner.normalize(r.text()).replace(",", "");
                if (t.contains(v.replace(",", ""))) {
                    n++;
                }
            }
            totalOccurrences.merge(Math.min(n, 5), 1, Integer::sum);
        }
    }

    /** Everything as nested maps, ready for JSON. */
    public Map<String, Object> toMap() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("receipts", receipts);
        o.put("segments", segments);
        o.put("words", words);
        o.put("labels", new LinkedHashMap<>(wordsPerLabel));
        o.put("receipts_with_label", new LinkedHashMap<>(receiptsWithLabel));

        Map<String, Object> occ = new LinkedHashMap<>();
        Map<String, Integer> hist = new LinkedHashMap<>();
        int repeated = 0;
        int withKey = 0;
        for (Map.Entry<Integer, Integer> e : totalOccurrences.entrySet()) {
            hist.put(e.getKey() == 5 ? "5+" : String.valueOf(e.getKey()), e.getValue());
            withKey += e.getValue();
            if (e.getKey() > 1) {
                repeated += e.getValue();
            }
        }
        occ.put("receipts_with_total_key", withKey);
        occ.put("histogram", hist);
        occ.put("receipts_repeated", repeated);
        occ.put("share_repeated", ratio(repeated, withKey));
        o.put("total_value_occurrences", occ);

        Map<String, Object> comp = new LinkedHashMap<>();
        comp.put("words", companyWords);
        comp.put("line_histogram", bucketMap(companyLineHistogram));
        comp.put("first_line_histogram", bucketMap(companyFirstLineHistogram));
        o.put("company_lines", comp);

        Map<String, Object> prec = new LinkedHashMap<>();
        prec.put("total_words", totalWords);
        List<Map<String, Object>> top = new ArrayList<>();
        beforeTotal.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(20)
                .forEach(e -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("word", e.getKey());
                    m.put("count", e.getValue());
                    top.add(m);
                });
        prec.put("left_neighbour", top);
        o.put("total_preceded_by", prec);
        return o;
    }

    private static Map<String, Integer> bucketMap(TreeMap<Integer, Integer> h) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map.Entry<Integer, Integer> e : h.entrySet()) {
            out.put(e.getKey() == MAX_LINE_BUCKET ? MAX_LINE_BUCKET + "+" : String.valueOf(e.getKey()), e.getValue());
        }
        return out;
    }

    static double ratio(int a, int b) {
        return b == 0 ? 0.0 : (double) a / b;
    }

    public LabelSet labelSet() {
        return labelSet;
    }
}
