package com.layoutlens.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Derives word labels from a receipt's gold key values.
 *
 * <h2>Matching</h2>
 * The receipt's words, in box-file order, are joined into one stream of characters with
 * all whitespace removed and letters upper-cased; the key value is normalised the same
 * way. So matching is case- and whitespace-insensitive, and a value may cross segments
 * (addresses usually do). A value is first searched exactly; when it does not occur, it
 * is searched approximately (the best substring by edit distance, Sellers' algorithm)
 * with at most {@link #maxDistance(int)} edits, which absorbs OCR noise such as
 * {@code D.T.Y.} for {@code D.I.Y.}; short values (under 8 characters, e.g. most totals)
 * must match exactly, since one edit there turns one amount into another. A value found
 * neither way is searched once more with commas removed on both sides, which places
 * {@code 7838.80} on {@code 7,838.80} and addresses whose commas the OCR lost.
 *
 * <h2>Which words</h2>
 * A word gets the field's label when the match covers at least half of its characters,
 * or when the whole match lies inside that one word ({@code DATE:25/12/2018} is labelled
 * DATE; in {@code DATE: 25/12/2018 8:13 PM} only the date word is). Labels are per word, so
 * a value glued to other text in one word labels that whole word.
 *
 * <h2>A value found several times</h2>
 * Exactly one occurrence is labelled, chosen in this order: fewest edits; a match that
 * starts and ends on word boundaries; then a field preference — TOTAL prefers an
 * occurrence with a total keyword (TOTAL, AMOUNT, DUE, NETT, GRAND, PAYABLE, but not a
 * SUBTOTAL) earlier on the same visual line, then one after RM or $; DATE prefers one
 * after a DATE keyword on its line; then the first occurrence in reading order. A TOTAL
 * value often occurs several times (subtotal, cash paid, rounding): labelling only the
 * total line keeps TOTAL a property of the line, which is what a model can learn and
 * what the {@code stats} command reports on.
 */
public final class GoldAligner {

    /** How a field was placed. */
    public enum Status { EXACT, FUZZY, NOT_FOUND, EMPTY }

    /**
     * The outcome for one field of one receipt.
     *
     * @param occurrences how many candidate places the value had (exact or best-fuzzy)
     * @param inOcr       whether the whitespace-free, case-folded value occurs in the OCR text
     */
    public record FieldResult(String field, String label, String value, Status status, int distance,
                              int occurrences, boolean inOcr, List<Word> words, String reason) {
        public boolean aligned() {
            return status == Status.EXACT || status == Status.FUZZY;
        }
    }

    /** All labels of a receipt and how each field went. */
    public record Result(Receipt receipt, List<LabelRow> rows, List<FieldResult> fields) {
    }

    private static final Set<String> TOTAL_KEYWORDS = Set.of("TOTAL", "AMOUNT", "AMT", "DUE", "NETT", "NET",
            "GRAND", "PAYABLE", "TOTAL:", "AMOUNT:", "JUMLAH");
    private static final Set<String> CURRENCY = Set.of("RM", "$", "MYR", "RM:");

    /** Characters ignored by the second, looser pass (thousands separators, OCR-dropped commas). */
    static final String LOOSE_DROP = ",";

    private final LabelSet labels;

    public GoldAligner(LabelSet labels) {
        this.labels = labels;
    }

    public GoldAligner() {
        this(LabelSet.sroie());
    }

    /** The largest number of edits accepted for a value of this many characters. */
    public static int maxDistance(int length) {
        if (length < 8) {
            return 0;
        }
        return Math.max(1, (int) Math.round(length * 0.15));
    }

    public Result align(Receipt receipt) {
        List<Word> words = receipt.words();
        Stream stream = new Stream(words, "");
        Stream loose = null;
        VisualLines lines = VisualLines.ofWords(words);
        String[] assigned = new String[words.size()];
        Arrays.fill(assigned, labels.outside());
        List<FieldResult> results = new ArrayList<>();
        for (Map.Entry<String, String> e : labels.fields().entrySet()) {
            String label = e.getKey();
            String field = e.getValue();
            String value = receipt.key(field);
            if (value == null || normalize(value).isEmpty()) {
                results.add(new FieldResult(field, label, value, Status.EMPTY, 0, 0, false, List.of(),
                        value == null ? "no gold value in the key file" : "the gold value is empty"));
                continue;
            }
            FieldResult r = alignField(field, label, value, words, stream, lines, assigned, false);
            if (r.status() == Status.NOT_FOUND) {
                if (loose == null) {
                    loose = new Stream(words, LOOSE_DROP);
                }
                FieldResult l = alignField(field, label, value, words, loose, lines, assigned, true);
                if (l.aligned()) {
                    r = l;
                }
            }
            results.add(r);
        }
        // one field is one placed value: its words, a run in file order, are one entity, tagged
        // in the schema's scheme (B- on its first word, I- on the rest; S-/E- for IOBES)
        List<String> tags = Arrays.asList(assigned);
        if (labels.scheme() != Scheme.IO) {
            tags = Chunks.convert(tags, labels.withScheme(Scheme.IO), labels);
        }
        List<LabelRow> rows = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            rows.add(LabelRow.of(words.get(i), tags.get(i), null));
        }
        return new Result(receipt, rows, results);
    }

    private FieldResult alignField(String field, String label, String value, List<Word> words, Stream stream,
                                   VisualLines lines, String[] assigned, boolean isLoose) {
        String pattern = stream.drop.isEmpty() ? normalize(value) : strip(normalize(value), stream.drop);
        boolean inOcr = !isLoose && stream.text.contains(pattern);
        if (pattern.isEmpty()) {
            return new FieldResult(field, label, value, Status.NOT_FOUND, -1, 0, inOcr, List.of(),
                    "nothing left to match after removing punctuation");
        }
        List<int[]> matches = new ArrayList<>(); // {start, end, distance}
        for (int from = stream.text.indexOf(pattern); from >= 0; from = stream.text.indexOf(pattern, from + 1)) {
            matches.add(new int[] {from, from + pattern.length(), 0});
        }
        if (matches.isEmpty()) {
            int k = maxDistance(pattern.length());
            if (k > 0) {
                matches.addAll(approximate(pattern, stream.text, k));
            }
        }
        if (matches.isEmpty()) {
            String reason = pattern.length() < 8
                    ? "not found in the OCR text (values under 8 characters must match exactly)"
                    : "not found in the OCR text within " + maxDistance(pattern.length()) + " edits";
            return new FieldResult(field, label, value, Status.NOT_FOUND, -1, 0, inOcr, List.of(), reason);
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int[] m : matches) {
            List<Integer> covered = stream.wordsCovered(m[0], m[1]);
            if (covered.isEmpty()) {
                continue;
            }
            candidates.add(new Candidate(m[0], m[1], m[2], covered, stream.onBoundaries(m[0], m[1]),
                    preference(label, covered.get(0), words, lines)));
        }
        if (candidates.isEmpty()) {
            return new FieldResult(field, label, value, Status.NOT_FOUND, -1, matches.size(), inOcr, List.of(),
                    "found only as small parts of longer words");
        }
        candidates.sort(Comparator.comparingInt(Candidate::distance)
                .thenComparing(c -> !c.boundaries())
                .thenComparing(c -> -c.preference())
                .thenComparingInt(Candidate::start));
        Candidate best = candidates.get(0);
        List<Word> placed = new ArrayList<>();
        for (int w : best.words()) {
            assigned[w] = label;
            placed.add(words.get(w));
        }
        Status status = best.distance() == 0 && !isLoose ? Status.EXACT : Status.FUZZY;
        String reason = candidates.size() > 1 ? candidates.size() + " occurrences; labelled the one at word '"
                + words.get(best.words().get(0)).text() + "' (segment " + words.get(best.words().get(0)).segment()
                + ")" : "";
        if (isLoose) {
            reason = ("matched ignoring the punctuation '" + LOOSE_DROP + "' " + reason).trim();
        }
        return new FieldResult(field, label, value, status, best.distance(), candidates.size(), inOcr, placed, reason);
    }

    /** Field-specific preference of an occurrence starting at word {@code first}; higher is better. */
    private static int preference(String label, int first, List<Word> words, VisualLines lines) {
        int[] left = lines.leftOf(first);
        String own = words.get(first).text().toUpperCase(Locale.ROOT);
        switch (label) {
            case "TOTAL": {
                int score = 0;
                for (int i : left) {
                    String t = words.get(i).text().toUpperCase(Locale.ROOT);
                    if (t.contains("SUBTOTAL") || t.equals("SUB")) {
                        return -1;
                    }
                    if (isTotalKeyword(t)) {
                        score = 2;
                    } else if (score == 0 && CURRENCY.contains(t)) {
                        score = 1;
                    }
                }
                if (score == 0 && (own.startsWith("RM") || own.startsWith("$"))) {
                    score = 1;
                }
                return score;
            }
            case "DATE": {
                for (int i : left) {
                    if (words.get(i).text().toUpperCase(Locale.ROOT).startsWith("DATE")) {
                        return 1;
                    }
                }
                return own.startsWith("DATE") ? 1 : 0;
            }
            default:
                return 0;
        }
    }

    static boolean isTotalKeyword(String upper) {
        String t = upper.replaceAll("[^A-Z]", "");
        return TOTAL_KEYWORDS.contains(t) || (t.startsWith("TOTAL") && !t.startsWith("TOTALQ"))
                || t.endsWith("TOTAL") && !t.contains("SUB");
    }

    private record Candidate(int start, int end, int distance, List<Integer> words, boolean boundaries,
                             int preference) {
    }

    /**
     * Best approximate occurrences of {@code p} in {@code t} with at most {@code k} edits
     * (Sellers: a free start anywhere in t). Returns non-overlapping {start, end, distance}
     * of the minimal distance found.
     */
    static List<int[]> approximate(String p, String t, int k) {
        int m = p.length();
        int n = t.length();
        int[] prev = new int[n + 1];
        int[] cur = new int[n + 1];
        int[] prevStart = new int[n + 1];
        int[] curStart = new int[n + 1];
        for (int j = 0; j <= n; j++) {
            prev[j] = 0;
            prevStart[j] = j;
        }
        for (int i = 1; i <= m; i++) {
            cur[0] = i;
            curStart[0] = 0;
            char pc = p.charAt(i - 1);
            for (int j = 1; j <= n; j++) {
                int sub = prev[j - 1] + (pc == t.charAt(j - 1) ? 0 : 1);
                int del = prev[j] + 1;      // pattern char missing from the text
                int ins = cur[j - 1] + 1;   // extra char in the text
                int best = sub;
                int start = prevStart[j - 1];
                if (del < best) {
                    best = del;
                    start = prevStart[j];
                }
                if (ins < best) {
                    best = ins;
                    start = curStart[j - 1];
                }
                cur[j] = best;
                curStart[j] = start;
            }
            int[] tmp = prev; prev = cur; cur = tmp;
            tmp = prevStart; prevStart = curStart; curStart = tmp;
        }
        int min = Integer.MAX_VALUE;
        for (int j = 1; j <= n; j++) {
            min = Math.min(min, prev[j]);
        }
        List<int[]> out = new ArrayList<>();
        if (min > k) {
            return out;
        }
        int lastEnd = -1;
        for (int j = 1; j <= n; j++) {
            if (prev[j] == min) {
                int s = prevStart[j];
                // extend a run of equal-distance ends only if it does not overlap the previous one
                if (s >= lastEnd) {
                    out.add(new int[] {s, j, min});
                    lastEnd = j;
                } else if (!out.isEmpty()) {
                    int[] last = out.get(out.size() - 1);
                    // keep the tighter of two overlapping equal-distance matches
                    if (j - s < last[1] - last[0]) {
                        last[0] = s;
                        last[1] = j;
                        lastEnd = j;
                    }
                }
            }
        }
        return out;
    }

    /** Upper case with all whitespace removed. */
    public static String normalize(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Segment.isSpace(c)) {
                sb.append(Character.toUpperCase(c));
            }
        }
        return sb.toString();
    }

    private static String strip(String s, String drop) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            if (drop.indexOf(s.charAt(i)) < 0) {
                sb.append(s.charAt(i));
            }
        }
        return sb.toString();
    }

    /** The words joined without whitespace, with the word each character came from. */
    private static final class Stream {
        final String drop;
        final String text;
        final int[] wordAt;
        final int[] wordStart;
        final int[] wordEnd;

        Stream(List<Word> words, String drop) {
            this.drop = drop;
            StringBuilder sb = new StringBuilder();
            List<Integer> owner = new ArrayList<>();
            wordStart = new int[words.size()];
            wordEnd = new int[words.size()];
            for (int w = 0; w < words.size(); w++) {
                String n = strip(normalize(words.get(w).text()), drop);
                wordStart[w] = sb.length();
                sb.append(n);
                wordEnd[w] = sb.length();
                for (int i = 0; i < n.length(); i++) {
                    owner.add(w);
                }
            }
            text = sb.toString();
            wordAt = owner.stream().mapToInt(Integer::intValue).toArray();
        }

        boolean onBoundaries(int start, int end) {
            if (start >= end) {
                return false;
            }
            int a = wordAt[start];
            int b = wordAt[end - 1];
            return wordStart[a] == start && wordEnd[b] == end;
        }

        List<Integer> wordsCovered(int start, int end) {
            List<Integer> out = new ArrayList<>();
            if (start >= end) {
                return out;
            }
            int first = wordAt[start];
            int last = wordAt[end - 1];
            if (first == last) {
                out.add(first);
                return out;
            }
            for (int w = first; w <= last; w++) {
                int len = wordEnd[w] - wordStart[w];
                if (len == 0) {
                    continue;
                }
                int overlap = Math.min(end, wordEnd[w]) - Math.max(start, wordStart[w]);
                if (overlap * 2 >= len) {
                    out.add(w);
                }
            }
            return out;
        }
    }

    /** Coverage counters over many receipts, per field. */
    public static final class Coverage {
        private final Map<String, int[]> counts = new LinkedHashMap<>(); // total, aligned, exact, fuzzy, inOcr, alignedInOcr

        public void add(FieldResult r) {
            if (r.status() == Status.EMPTY) {
                return;
            }
            int[] c = counts.computeIfAbsent(r.field(), f -> new int[6]);
            c[0]++;
            if (r.aligned()) {
                c[1]++;
            }
            if (r.status() == Status.EXACT) {
                c[2]++;
            }
            if (r.status() == Status.FUZZY) {
                c[3]++;
            }
            if (r.inOcr()) {
                c[4]++;
                if (r.aligned()) {
                    c[5]++;
                }
            }
        }

        /** Per field: total, aligned, exact, fuzzy, in_ocr, aligned_in_ocr. */
        public Map<String, int[]> counts() {
            return counts;
        }

        public int[] sum() {
            int[] s = new int[6];
            for (int[] c : counts.values()) {
                for (int i = 0; i < 6; i++) {
                    s[i] += c[i];
                }
            }
            return s;
        }
    }
}
