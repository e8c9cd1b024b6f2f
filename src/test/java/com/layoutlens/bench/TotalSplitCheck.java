package com.layoutlens.bench;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.TotalKeywords;
import com.layoutlens.data.Word;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where {@code train --total-segments} splits a receipt folder (not a test: prints figures): how
 * many receipts have a total keyword, which keyword comes first, the share of each receipt's
 * words before the split, and per entity type the share of gold words on each side.
 *
 * <pre>java -cp target/classes:target/test-classes:target/lib/* com.layoutlens.bench.TotalSplitCheck DATA GOLD_LABELS</pre>
 */
public final class TotalSplitCheck {

    private TotalSplitCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path gold = Path.of(args[1]);
        TotalKeywords keywords = TotalKeywords.defaults();
        Dataset ds = Dataset.load(data);
        int withKeyword = 0;
        List<Double> before = new ArrayList<>();
        Map<String, Integer> firstKeyword = new TreeMap<>();
        Map<String, int[]> sides = new TreeMap<>(); // label -> {type 0, type 1}
        for (Receipt r : ds.receipts()) {
            List<Word> words = r.words();
            int[] types = keywords.segments(words);
            int zeros = 0;
            for (int t : types) {
                zeros += t == 0 ? 1 : 0;
            }
            if (zeros < types.length) {
                withKeyword++;
                before.add(zeros / (double) types.length);
                firstKeyword.merge(first(keywords, words, types), 1, Integer::sum);
            }
            Path labels = gold.resolve(r.id() + ".csv");
            if (!Files.isRegularFile(labels)) {
                continue;
            }
            Map<Long, String> tag = new HashMap<>();
            for (LabelRow row : LabelFile.read(labels, LabelSet.sroie()).rows()) {
                tag.put(((long) row.segment() << 32) | row.word(), row.label());
            }
            for (int i = 0; i < words.size(); i++) {
                String label = tag.getOrDefault(((long) words.get(i).segment() << 32) | words.get(i).index(), "O");
                sides.computeIfAbsent(label, k -> new int[2])[types[i]]++;
            }
        }
        double[] b = before.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "%d receipts, %d with a total keyword (%.1f%%)%n", ds.receipts().size(),
                withKeyword, 100.0 * withKeyword / ds.receipts().size());
        System.out.printf(Locale.ROOT, "share of a receipt's words before the split, percentiles 10/25/50/75/90: "
                + "%.2f / %.2f / %.2f / %.2f / %.2f%n", pct(b, 10), pct(b, 25), pct(b, 50), pct(b, 75), pct(b, 90));
        System.out.println("first keyword: " + firstKeyword);
        for (var e : sides.entrySet()) {
            int[] s = e.getValue();
            System.out.printf(Locale.ROOT, "%-8s words before %6d, from the keyword on %6d (%.1f%% after)%n", e.getKey(),
                    s[0], s[1], 100.0 * s[1] / Math.max(1, s[0] + s[1]));
        }
    }

    /** The keyword that opens the split: the first of its tokens that is a keyword, in the word that holds it. */
    private static String first(TotalKeywords keywords, List<Word> words, int[] types) {
        com.layoutlens.data.VisualLines lines = com.layoutlens.data.VisualLines.ofWords(words);
        for (int l = 0; l < lines.count(); l++) {
            for (int i : lines.line(l)) {
                if (types[i] == 1 && keywords.holds(words.get(i).text())) {
                    String text = words.get(i).text();
                    for (String t : TotalKeywords.tokens(text, text.length())) {
                        if (keywords.keywords().contains(t)) {
                            return t;
                        }
                    }
                }
            }
        }
        return "?";
    }

    private static double pct(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.round((sorted.length - 1) * p / 100.0);
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
