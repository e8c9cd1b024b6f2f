package com.layoutlens.bench;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.GoldAligner;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.OcrCorrections;
import com.layoutlens.data.OcrSuggestions;
import com.layoutlens.data.Receipt;
import com.layoutlens.eval.FieldDecoder;
import com.layoutlens.eval.FieldScores;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the suggested OCR corrections ({@link OcrSuggestions}) would do on a receipt folder:
 * how many key values that the gold alignment places only approximately become exact once the
 * suggested text corrections are applied, and the field exact-match ceiling of gold word labels
 * (the key values decoded from the aligned labels, as {@code evaluate} decodes a prediction)
 * before and after splitting glued words. Every suggestion is applied as the app would, one at a
 * time on the corrected receipt; nothing is written.
 *
 * <p>Run from the repository root:
 * <pre>
 * mvn -B -q package -DskipTests &amp;&amp; mvn -B -q test-compile &amp;&amp; java -cp 'target/classes:target/test-classes:target/lib/*' com.layoutlens.bench.OcrCorrectionBenchmark ../shared/sroie [--list | --sweep]
 * </pre>
 *
 * <p>It also counts the words a tokenizer breaks into many pieces ({@link OcrSuggestions#manyPieces};
 * the demo model's, or the folder named by {@code LAYOUTLENS_TOKENIZER}), and how many of the words
 * whose text the key values show misread are among them.
 */
public final class OcrCorrectionBenchmark {

    private OcrCorrectionBenchmark() {
    }

    /** The figures for one folder. */
    public record Figures(int fields, int exact, int approximate, int approximateMadeExact, int notFound,
                          int notFoundMadeExact, int suggestedText, int suggestedSplits,
                          double emBefore, double emAfterSplits, double emAfterAll, int receipts) {
    }

    /** Words a tokenizer breaks into many pieces, and how many of the words the key values show misread are among them. */
    public record Pieces(int words, int flagged, int misread, int misreadFlagged) {
    }

    /** The keys of the words whose text a suggested correction replaces: misread, as the key values show. */
    private static Set<Long> misreadWords(Receipt r, LabelSet labels) {
        Set<Long> bad = new java.util.HashSet<>();
        for (OcrSuggestions.Suggestion s : OcrSuggestions.of(r, labels)) {
            for (OcrCorrections.Edit e : s.edits()) {
                if (e instanceof OcrCorrections.SetText st) {
                    bad.add(com.layoutlens.data.Word.key(st.segment(), st.word()));
                }
            }
        }
        return bad;
    }

    public static Pieces pieces(Path dir, Path tokenizerFolder) throws Exception {
        LabelSet labels = LabelSet.sroie();
        Dataset ds = Dataset.load(dir, labels, dir.resolve("labels-none-" + System.nanoTime()), null);
        int words = 0, flagged = 0, misread = 0, misreadFlagged = 0;
        try (com.layoutlens.model.encode.WordTokenizer t = com.layoutlens.model.encode.WordTokenizer.load(tokenizerFolder)) {
            java.util.Map<String, Integer> counts = new java.util.HashMap<>();
            java.util.function.ToIntFunction<String> pieces = x -> counts.computeIfAbsent(x, y -> t.pieces(y).size());
            for (Receipt r : ds.receipts()) {
                Set<Long> bad = misreadWords(r, labels);
                for (com.layoutlens.data.Word w : r.words()) {
                    boolean many = OcrSuggestions.manyPieces(w.text(), pieces);
                    words++;
                    flagged += many ? 1 : 0;
                    if (bad.contains(w.key())) {
                        misread++;
                        misreadFlagged += many ? 1 : 0;
                    }
                }
            }
        }
        return new Pieces(words, flagged, misread, misreadFlagged);
    }

    /** One pair of thresholds of the many-pieces rule and what it flags. */
    public record Threshold(int minPieces, int maxCharsPerPiece, int flagged, int misreadFlagged, int rightFlagged) {
    }

    /**
     * The many-pieces rule under other thresholds, on a folder: {@code words} in all, {@code misread}
     * the words whose text the key values show misread (the text corrections suggested from them),
     * {@code right} the words of key values the alignment places exactly (read right, as far as the
     * key file can tell), and per threshold pair how many of each it flags.
     */
    public record Sweep(Path tokenizer, int words, int misread, int right, List<Threshold> thresholds) {
    }

    public static Sweep sweep(Path dir, Path tokenizerFolder, int[] minPieces, int[] maxCharsPerPiece) throws Exception {
        LabelSet labels = LabelSet.sroie();
        Dataset ds = Dataset.load(dir, labels, dir.resolve("labels-none-" + System.nanoTime()), null);
        GoldAligner aligner = new GoldAligner(labels);
        int words = 0, misread = 0, right = 0;
        int[][][] counts = new int[minPieces.length][maxCharsPerPiece.length][3];
        try (com.layoutlens.model.encode.WordTokenizer t = com.layoutlens.model.encode.WordTokenizer.load(tokenizerFolder)) {
            java.util.Map<String, Integer> cache = new java.util.HashMap<>();
            java.util.function.ToIntFunction<String> pieces = x -> cache.computeIfAbsent(x, y -> t.pieces(y).size());
            for (Receipt r : ds.receipts()) {
                Set<Long> bad = misreadWords(r, labels);
                Set<Long> good = new java.util.HashSet<>();
                if (r.keys() != null) {
                    for (GoldAligner.FieldResult f : aligner.align(r).fields()) {
                        if (f.status() == GoldAligner.Status.EXACT) {
                            f.words().forEach(w -> good.add(w.key()));
                        }
                    }
                }
                for (com.layoutlens.data.Word w : r.words()) {
                    words++;
                    boolean isBad = bad.contains(w.key());
                    boolean isGood = !isBad && good.contains(w.key());
                    misread += isBad ? 1 : 0;
                    right += isGood ? 1 : 0;
                    for (int i = 0; i < minPieces.length; i++) {
                        for (int j = 0; j < maxCharsPerPiece.length; j++) {
                            if (OcrSuggestions.manyPieces(w.text(), pieces, minPieces[i], maxCharsPerPiece[j])) {
                                counts[i][j][0]++;
                                counts[i][j][1] += isBad ? 1 : 0;
                                counts[i][j][2] += isGood ? 1 : 0;
                            }
                        }
                    }
                }
            }
        }
        List<Threshold> rows = new ArrayList<>();
        for (int i = 0; i < minPieces.length; i++) {
            for (int j = 0; j < maxCharsPerPiece.length; j++) {
                rows.add(new Threshold(minPieces[i], maxCharsPerPiece[j], counts[i][j][0], counts[i][j][1], counts[i][j][2]));
            }
        }
        return new Sweep(tokenizerFolder, words, misread, right, rows);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/sroie");
        if (java.util.Arrays.asList(args).contains("--sweep")) {
            for (String tf : List.of("models/demo-layoutlm", "models/demo-layoutlmv3")) {
                Sweep sw = sweep(dir, Path.of(tf), new int[] {3, 4, 5, 6}, new int[] {2, 3, 4});
                System.out.printf(Locale.ROOT, "%s: %d words, %d misread, %d read right (exact key values)%n",
                        tf, sw.words(), sw.misread(), sw.right());
                for (Threshold th : sw.thresholds()) {
                    System.out.printf(Locale.ROOT, "  >= %d pieces, under %d chars a piece: %5d flagged (%.1f%%),"
                            + " %2d misread, %4d read right%n", th.minPieces(), th.maxCharsPerPiece(), th.flagged(),
                            100.0 * th.flagged() / Math.max(1, sw.words()), th.misreadFlagged(), th.rightFlagged());
                }
            }
            return;
        }
        if (args.length > 1 && args[1].equals("--list")) {
            LabelSet labels = LabelSet.sroie();
            for (Receipt r : Dataset.load(dir, labels, dir.resolve("labels-none-" + System.nanoTime()), null).receipts()) {
                for (OcrSuggestions.Suggestion s : OcrSuggestions.of(r, labels)) {
                    System.out.println(r.id() + " " + s.kind() + " " + s.describe());
                }
            }
        }
        Figures f = measure(dir);
        System.out.printf(Locale.ROOT, "%d receipts, %d key values: %d exact, %d approximate, %d not found%n",
                f.receipts(), f.fields(), f.exact(), f.approximate(), f.notFound());
        System.out.printf(Locale.ROOT, "approximate values exact after the suggested text corrections: %d of %d%n",
                f.approximateMadeExact(), f.approximate());
        System.out.printf(Locale.ROOT, "values not found that are found exactly after them: %d of %d%n",
                f.notFoundMadeExact(), f.notFound());
        System.out.printf(Locale.ROOT, "suggestions applied: %d text corrections, %d glued-word splits%n",
                f.suggestedText(), f.suggestedSplits());
        System.out.printf(Locale.ROOT, "field exact match of gold word labels: %.1f%% as the OCR reads, %.1f%% after"
                + " splitting glued words, %.1f%% after every suggestion%n",
                100 * f.emBefore(), 100 * f.emAfterSplits(), 100 * f.emAfterAll());
        String tok = System.getenv("LAYOUTLENS_TOKENIZER");
        Path folder = Path.of(tok != null && !tok.isBlank() ? tok : "models/demo-layoutlm");
        Pieces p = pieces(dir, folder);
        System.out.printf(Locale.ROOT, "words the tokenizer of %s breaks into many pieces: %d of %d (%.1f%%), among"
                + " them %d of the %d words the key values show misread%n", folder, p.flagged(), p.words(),
                100.0 * p.flagged() / Math.max(1, p.words()), p.misreadFlagged(), p.misread());
    }

    public static Figures measure(Path dir) throws Exception {
        LabelSet labels = LabelSet.sroie();
        Dataset ds = Dataset.load(dir, labels, dir.resolve("labels-none-" + System.nanoTime()), null);
        GoldAligner aligner = new GoldAligner(labels);
        FieldDecoder decoder = FieldDecoder.sroie(labels);
        List<String> fieldNames = new ArrayList<>(labels.fields().values());
        List<FieldScores.Values> before = new ArrayList<>();
        List<FieldScores.Values> afterSplits = new ArrayList<>();
        List<FieldScores.Values> afterAll = new ArrayList<>();
        int fields = 0, exact = 0, approx = 0, approxExact = 0, notFound = 0, notFoundExact = 0;
        int[] applied = new int[OcrSuggestions.Kind.values().length];
        int receipts = 0;
        for (Receipt r : ds.receipts()) {
            if (r.keys() == null) {
                continue;
            }
            receipts++;
            GoldAligner.Result a0 = aligner.align(r);
            before.add(new FieldScores.Values(r.id(), r.keys(), decoder.decode(a0.rows())));
            Receipt fixed = corrected(r, labels, EnumSet.of(OcrSuggestions.Kind.APPROXIMATE, OcrSuggestions.Kind.DIGITS),
                    applied);
            GoldAligner.Result a1 = aligner.align(fixed);
            for (int i = 0; i < a0.fields().size(); i++) {
                GoldAligner.FieldResult f0 = a0.fields().get(i);
                if (f0.status() == GoldAligner.Status.EMPTY) {
                    continue;
                }
                fields++;
                boolean nowExact = a1.fields().get(i).status() == GoldAligner.Status.EXACT;
                switch (f0.status()) {
                    case EXACT -> exact++;
                    case FUZZY -> {
                        approx++;
                        approxExact += nowExact ? 1 : 0;
                    }
                    default -> {
                        notFound++;
                        notFoundExact += nowExact ? 1 : 0;
                    }
                }
            }
            Receipt split = corrected(r, labels, EnumSet.of(OcrSuggestions.Kind.GLUED), applied);
            afterSplits.add(new FieldScores.Values(r.id(), r.keys(), decoder.decode(aligner.align(split).rows())));
            Receipt all = corrected(r, labels, EnumSet.allOf(OcrSuggestions.Kind.class), new int[applied.length]);
            afterAll.add(new FieldScores.Values(r.id(), r.keys(), decoder.decode(aligner.align(all).rows())));
        }
        return new Figures(fields, exact, approx, approxExact, notFound, notFoundExact,
                applied[OcrSuggestions.Kind.APPROXIMATE.ordinal()] + applied[OcrSuggestions.Kind.DIGITS.ordinal()],
                applied[OcrSuggestions.Kind.GLUED.ordinal()],
                em(fieldNames, before), em(fieldNames, afterSplits), em(fieldNames, afterAll), receipts);
    }

    /** The receipt with the suggestions of the given kinds applied one at a time, as a user accepting each would. */
    static Receipt corrected(Receipt r, LabelSet labels, Set<OcrSuggestions.Kind> kinds, int[] applied) {
        List<OcrCorrections.Edit> edits = new ArrayList<>();
        Receipt cur = r;
        java.util.Set<String> tried = new java.util.HashSet<>();
        for (int round = 0; round < 40; round++) {
            OcrSuggestions.Suggestion next = null;
            for (OcrSuggestions.Suggestion s : OcrSuggestions.of(cur, labels)) {
                if (kinds.contains(s.kind()) && tried.add(s.edits().toString())) {
                    next = s;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            List<OcrCorrections.Edit> more = new ArrayList<>(edits);
            more.addAll(next.edits());
            OcrCorrections.Applied a = OcrCorrections.apply(r.segments(), more, r.id());
            if (!a.problems().isEmpty()) {
                continue;
            }
            edits = more;
            applied[next.kind().ordinal()]++;
            cur = r.withSegments(a.segments(), edits.size());
        }
        return cur;
    }

    private static double em(List<String> fieldNames, List<FieldScores.Values> values) {
        FieldScores.Count c = FieldScores.compute(fieldNames, values).fields().get(FieldScores.ALL);
        return c.emRate();
    }
}
