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
 * precedes TOTAL words. The two rule figures use exactly the rules' definitions: a total
 * keyword ({@link Keywords}) earlier on the same visual line or in the TOTAL word itself;
 * a COMPANY word within the first N visual lines.
 */
public final class DatasetStats {

    /** How far down the company-line histogram goes; deeper lines are counted in the last bucket. */
    public static final int MAX_LINE_BUCKET = 10;

    private final LabelSet labelSet;
    private final List<String> totalKeywords;
    private final int companyLines;

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
    private int totalWithKeyword;
    private int totalKeywordLineAbove;
    private int totalValues;
    private int totalValuesWithKeyword;
    private int companyWords;
    private int companyWithinTop;

    public DatasetStats(LabelSet labelSet, List<String> totalKeywords, int companyLines) {
        this.labelSet = labelSet;
        this.totalKeywords = List.copyOf(totalKeywords);
        this.companyLines = companyLines;
        for (String l : labelSet.labels()) {
            wordsPerLabel.put(l, 0);
            receiptsWithLabel.put(l, 0);
        }
    }

    public DatasetStats() {
        this(LabelSet.sroie(), Keywords.TOTAL_DEFAULT, 2);
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
        LineIndex lines = LineIndex.of(boxes);
        Map<String, Boolean> seen = new LinkedHashMap<>();
        int firstCompanyLine = Integer.MAX_VALUE;
        boolean valueHasKeyword = false;
        boolean hasTotal = false;
        for (int i = 0; i < rows.size(); i++) {
            LabelRow r = rows.get(i);
            wordsPerLabel.merge(r.label(), 1, Integer::sum);
            seen.put(r.label(), true);
            if (r.label().equals("COMPANY")) {
                companyWords++;
                int line = lines.lineOf(i);
                companyLineHistogram.merge(Math.min(line, MAX_LINE_BUCKET), 1, Integer::sum);
                firstCompanyLine = Math.min(firstCompanyLine, line);
                if (line < companyLines) {
                    companyWithinTop++;
                }
            } else if (r.label().equals("TOTAL")) {
                totalWords++;
                hasTotal = true;
                int left = lines.leftNeighbour(i);
                String prev = left < 0 ? "(line start)" : rows.get(left).text().toUpperCase(Locale.ROOT);
                beforeTotal.merge(prev, 1, Integer::sum);
                boolean kw = Keywords.matches(r.text(), totalKeywords);
                for (int j : lines.leftOf(i)) {
                    kw |= Keywords.matches(rows.get(j).text(), totalKeywords);
                }
                if (kw) {
                    totalWithKeyword++;
                    valueHasKeyword = true;
                } else {
                    int line = lines.lineOf(i);
                    if (line > 0) {
                        for (int j : lines.line(line - 1)) {
                            if (Keywords.matches(rows.get(j).text(), totalKeywords)) {
                                totalKeywordLineAbove++;
                                break;
                            }
                        }
                    }
                }
            }
        }
        if (hasTotal) {
            totalValues++;
            if (valueHasKeyword) {
                totalValuesWithKeyword++;
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
        prec.put("keyword_on_line", totalWithKeyword);
        prec.put("keyword_only_on_line_above", totalKeywordLineAbove);
        prec.put("no_keyword", totalWords - totalWithKeyword - totalKeywordLineAbove);
        o.put("total_preceded_by", prec);

        Map<String, Object> rules = new LinkedHashMap<>();
        Map<String, Object> tk = new LinkedHashMap<>();
        tk.put("keywords", totalKeywords);
        tk.put("words_total", totalWords);
        tk.put("words_satisfied", totalWithKeyword);
        tk.put("words_share", ratio(totalWithKeyword, totalWords));
        tk.put("values_total", totalValues);
        tk.put("values_satisfied", totalValuesWithKeyword);
        tk.put("values_share", ratio(totalValuesWithKeyword, totalValues));
        tk.put("true_positives_deleted", totalWords - totalWithKeyword);
        rules.put("total-keyword", tk);
        Map<String, Object> ct = new LinkedHashMap<>();
        ct.put("lines", companyLines);
        ct.put("words_total", companyWords);
        ct.put("words_satisfied", companyWithinTop);
        ct.put("words_share", ratio(companyWithinTop, companyWords));
        ct.put("true_positives_deleted", companyWords - companyWithinTop);
        rules.put("company-top", ct);
        o.put("rules", rules);
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
