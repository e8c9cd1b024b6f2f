package com.layoutlens.data;

import com.layoutlens.data.OcrCorrections.Edit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Words that look misread, found by comparing the OCR with the receipt's key values, each with
 * the corrections that would fix it:
 *
 * <ul>
 *   <li>{@link Kind#APPROXIMATE}: a key value that the gold alignment places only approximately
 *       (edit distance &gt; 0, e.g. {@code D.T.Y.} for {@code D.I.Y.}): the words' characters are
 *       aligned with the value's and the differing ones replaced. Values placed only by ignoring
 *       commas (a thousands separator the key leaves out) are not suggested: the OCR is right there.</li>
 *   <li>{@link Kind#DIGITS}: a value with digits that is not found, while a word reads as it once
 *       letters that look like digits ({@code O}, {@code I}, {@code l}, {@code S}, {@code B}, {@code Z})
 *       are read as digits ({@code 7838.8O} for {@code 7838.80}).</li>
 *   <li>{@link Kind#GLUED}: a value found inside a longer word ({@code TOTAL:25.00},
 *       {@code DATE:25/12/2018}): a split where the value begins or ends, so that word labels can
 *       give the value exactly.</li>
 *   <li>{@link Kind#PIECES}: with no key value needed, a word the model's tokenizer breaks into
 *       many pieces ({@link #manyPieces}): some run of letters and digits in it that holds a letter
 *       is cut into at least {@value #MIN_PIECES} word pieces, under {@value #MAX_CHARS_PER_PIECE}
 *       characters a piece on average. Words the vocabulary knows come out whole or in a few long
 *       pieces; a misreading ({@code TOTAI}, {@code RECEIPI}) rarely does. Numbers alone are left
 *       out (every vocabulary cuts them), and so is punctuation (the tokenizer cuts it off). No
 *       correction is proposed: the user types it.</li>
 * </ul>
 *
 * <p>Edits name words as the receipt has them now; apply one suggestion, then ask again.
 */
public final class OcrSuggestions {

    public enum Kind {
        APPROXIMATE("matches the key value only approximately"),
        DIGITS("letters among digits where the key value has digits"),
        GLUED("the key value is inside a longer word"),
        PIECES("the tokenizer breaks it into many pieces");

        private final String why;

        Kind(String why) {
            this.why = why;
        }

        public String why() {
            return why;
        }
    }

    /**
     * One suggestion: the first word concerned, the field whose key value shows it, and the edits.
     *
     * @param text what the words would read after the edits, for the user
     */
    public record Suggestion(String field, Kind kind, Word word, List<Edit> edits, String text) {
        public Suggestion {
            edits = List.copyOf(edits);
        }

        /** A one-line description: {@code TOTAL: 'TOTAL:25.00' -> 'TOTAL: 25.00' (the key value is inside...)}. */
        public String describe() {
            return field + ": '" + word.text() + "' -> '" + text + "' (" + kind.why() + ")";
        }
    }

    /**
     * A run of letters and digits cut into at least this many pieces ... Chosen on the 250 SROIE
     * receipts with both demo tokenizers ({@code OcrCorrectionBenchmark --sweep}): 3 pieces flags
     * 18-22% of all words for a few more misread ones, 5 keeps only 4 of the 13 misread words the
     * byte-level BPE finds at 4.
     */
    public static final int MIN_PIECES = 4;
    /**
     * ... of fewer characters than this on average (more pieces than a third of its characters)
     * looks misread. With a WordPiece vocabulary 2 and 3 flag the same words (an unknown word falls
     * apart into single characters); with LayoutLMv3's byte-level BPE, whose merges leave pieces of
     * two characters, 3 finds 13 of the misread words instead of 9 and flags fewer words per misread
     * word found; 4 adds nothing.
     */
    public static final int MAX_CHARS_PER_PIECE = 3;

    private static final String LOOKALIKE_LETTERS = "OoDQIlL|SsBZzG";
    private static final String LOOKALIKE_DIGITS = "00001111558226";

    private OcrSuggestions() {
    }

    /** The suggestions for one receipt from its key values, in reading order; none without key values. */
    public static List<Suggestion> of(Receipt receipt, LabelSet labels) {
        return of(receipt, labels, null);
    }

    /**
     * The suggestions for one receipt, in reading order: those of its key values, and, with a
     * tokenizer's piece count ({@code pieces}: the word pieces of a text, may be null), the words
     * it breaks into many pieces.
     */
    public static List<Suggestion> of(Receipt receipt, LabelSet labels, java.util.function.ToIntFunction<String> pieces) {
        List<Suggestion> out = new ArrayList<>();
        if (pieces != null) {
            for (Word w : receipt.words()) {
                if (manyPieces(w.text(), pieces)) {
                    out.add(new Suggestion("tokenizer", Kind.PIECES, w, List.of(), w.text()));
                }
            }
        }
        if (receipt.keys() == null) {
            sort(out);
            return out;
        }
        GoldAligner.Result aligned = new GoldAligner(labels).align(receipt);
        List<Word> words = receipt.words();
        for (GoldAligner.FieldResult f : aligned.fields()) {
            if (f.status() == GoldAligner.Status.FUZZY && f.distance() > 0
                    && !f.reason().startsWith("matched ignoring")) {
                Suggestion s = approximate(f);
                if (s != null) {
                    out.add(s);
                }
            } else if (f.status() == GoldAligner.Status.EXACT) {
                Suggestion s = glued(f);
                if (s != null) {
                    out.add(s);
                }
            } else if (f.status() == GoldAligner.Status.NOT_FOUND && f.value() != null) {
                Suggestion s = digits(f, words);
                if (s != null) {
                    out.add(s);
                }
            }
        }
        sort(out);
        return out;
    }

    private static void sort(List<Suggestion> out) {
        out.sort(java.util.Comparator.comparingInt((Suggestion s) -> s.word().segment())
                .thenComparingInt(s -> s.word().index()));
    }

    /**
     * Whether a tokenizer breaks a word into many pieces: some maximal run of letters and digits
     * in it that holds a letter gets at least {@link #MIN_PIECES} pieces from {@code pieces}, with
     * fewer than {@link #MAX_CHARS_PER_PIECE} characters a piece on average.
     */
    public static boolean manyPieces(String word, java.util.function.ToIntFunction<String> pieces) {
        return manyPieces(word, pieces, MIN_PIECES, MAX_CHARS_PER_PIECE);
    }

    /**
     * {@link #manyPieces(String, java.util.function.ToIntFunction)} with other thresholds: a run
     * of {@code n} pieces and {@code length} characters counts when {@code n >= minPieces} and
     * {@code n * maxCharsPerPiece > length}. For measuring the thresholds on a folder.
     */
    public static boolean manyPieces(String word, java.util.function.ToIntFunction<String> pieces, int minPieces,
                                     int maxCharsPerPiece) {
        int i = 0;
        while (i < word.length()) {
            if (!Character.isLetterOrDigit(word.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            boolean letter = false;
            while (i < word.length() && Character.isLetterOrDigit(word.charAt(i))) {
                letter |= Character.isLetter(word.charAt(i));
                i++;
            }
            if (letter) {
                int n = pieces.applyAsInt(word.substring(start, i));
                if (n >= minPieces && (long) n * maxCharsPerPiece > i - start) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The characters of the placed words aligned with the value; each word whose characters differ gets a new text. */
    static Suggestion approximate(GoldAligner.FieldResult f) {
        List<Word> ws = f.words();
        if (ws.isEmpty()) {
            return null;
        }
        StringBuilder cb = new StringBuilder();
        List<Integer> owner = new ArrayList<>();
        for (int k = 0; k < ws.size(); k++) {
            cb.append(ws.get(k).text());
            for (int i = 0; i < ws.get(k).text().length(); i++) {
                owner.add(k);
            }
        }
        String c = cb.toString();
        String v = noSpace(f.value());
        int m = v.length();
        int n = c.length();
        // semi-global: the whole value against any part of the words' characters
        int[][] d = new int[m + 1][n + 1];
        for (int i = 1; i <= m; i++) {
            d[i][0] = i;
        }
        for (int i = 1; i <= m; i++) {
            for (int j = 1; j <= n; j++) {
                int sub = d[i - 1][j - 1] + (same(v.charAt(i - 1), c.charAt(j - 1)) ? 0 : 1);
                d[i][j] = Math.min(sub, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
            }
        }
        int end = 0;
        for (int j = 1; j <= n; j++) {
            if (d[m][j] < d[m][end]) {
                end = j;
            }
        }
        String[] repl = new String[n];
        String[] before = new String[n + 1];
        for (int j = 0; j < n; j++) {
            repl[j] = String.valueOf(c.charAt(j));
        }
        java.util.Arrays.fill(before, "");
        int i = m;
        int j = end;
        while (i > 0) {
            if (j > 0 && d[i][j] == d[i - 1][j - 1] + (same(v.charAt(i - 1), c.charAt(j - 1)) ? 0 : 1)) {
                if (!same(v.charAt(i - 1), c.charAt(j - 1))) {
                    repl[j - 1] = String.valueOf(v.charAt(i - 1));
                }
                i--;
                j--;
            } else if (j > 0 && d[i][j] == d[i][j - 1] + 1) {
                repl[j - 1] = "";
                j--;
            } else {
                before[j] = v.charAt(i - 1) + before[j];
                i--;
            }
        }
        StringBuilder[] texts = new StringBuilder[ws.size()];
        for (int k = 0; k < texts.length; k++) {
            texts[k] = new StringBuilder();
        }
        for (int p = 0; p < n; p++) {
            // a missing character joins the word of the character before it (the first word at the start)
            texts[p == 0 ? owner.get(0) : owner.get(p - 1)].append(before[p]);
            texts[owner.get(p)].append(repl[p]);
        }
        texts[owner.get(n - 1)].append(before[n]);
        List<Edit> edits = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        for (int k = 0; k < ws.size(); k++) {
            String t = texts[k].toString();
            shown.add(t);
            if (t.isEmpty()) {
                return null; // a whole word would go: not a misreading to fix by typing
            }
            if (!t.equals(ws.get(k).text())) {
                edits.add(new OcrCorrections.SetText(ws.get(k).segment(), ws.get(k).index(), t));
            }
        }
        if (edits.isEmpty()) {
            return null;
        }
        Word first = null;
        for (Word w : ws) {
            if (edits.stream().anyMatch(e -> e instanceof OcrCorrections.SetText s && s.segment() == w.segment()
                    && s.word() == w.index())) {
                first = w;
                break;
            }
        }
        return new Suggestion(f.field(), Kind.APPROXIMATE, first, edits, String.join(" ", shown));
    }

    /** A split where the value begins inside its first word and where it ends inside its last. */
    static Suggestion glued(GoldAligner.FieldResult f) {
        List<Word> ws = f.words();
        if (ws.isEmpty()) {
            return null;
        }
        StringBuilder cb = new StringBuilder();
        for (Word w : ws) {
            cb.append(GoldAligner.normalize(w.text()));
        }
        String c = cb.toString();
        String v = GoldAligner.normalize(f.value());
        int start = c.indexOf(v);
        if (start < 0) {
            return null;
        }
        Word first = ws.get(0);
        Word last = ws.get(ws.size() - 1);
        int endInLast = start + v.length() - (c.length() - last.text().length());
        List<Edit> edits = new ArrayList<>();
        // the later cut first, so that the earlier one still names the same word
        boolean cutEnd = endInLast > 0 && endInLast < last.text().length() && glue(last.text(), endInLast);
        boolean cutStart = start > 0 && start < first.text().length() && glue(first.text(), start);
        if (cutEnd) {
            edits.add(new OcrCorrections.Split(last.segment(), last.index(), endInLast));
        }
        if (cutStart) {
            edits.add(new OcrCorrections.Split(first.segment(), first.index(), start));
        }
        if (edits.isEmpty()) {
            return null;
        }
        Word shownWord = cutStart ? first : last;
        String t = shownWord.text();
        StringBuilder sb = new StringBuilder(t);
        if (cutEnd && shownWord == last) {
            sb.insert(endInLast, ' ');
        }
        if (cutStart && shownWord == first) {
            sb.insert(start, ' ');
        }
        String shown = sb.toString();
        return new Suggestion(f.field(), Kind.GLUED, shownWord, edits, shown);
    }

    /** A word that reads as the value (or holds it) once look-alike letters are read as digits. */
    static Suggestion digits(GoldAligner.FieldResult f, List<Word> words) {
        String v = noSpace(f.value()).toUpperCase(Locale.ROOT);
        if (v.chars().noneMatch(Character::isDigit)) {
            return null;
        }
        for (Word w : words) {
            String t = w.text();
            if (t.chars().noneMatch(Character::isDigit) || t.chars().noneMatch(Character::isLetter)) {
                continue;
            }
            String read = asDigits(t);
            if (read.equals(t)) {
                continue;
            }
            int at = read.toUpperCase(Locale.ROOT).indexOf(v);
            if (at < 0) {
                continue;
            }
            // only the characters inside the value are read as digits; a prefix like RM stays
            String fixed = t.substring(0, at) + read.substring(at, at + v.length()) + t.substring(at + v.length());
            if (fixed.equals(t)) {
                continue;
            }
            return new Suggestion(f.field(), Kind.DIGITS, w,
                    List.of(new OcrCorrections.SetText(w.segment(), w.index(), fixed)), fixed);
        }
        return null;
    }

    /**
     * Whether a cut before character {@code at} separates glued words: a letter next to a digit,
     * or punctuation on one side ({@code TOTAL:|25.00}, {@code RM|1.38}); never inside a number or
     * a word ({@code 43.7|0}).
     */
    static boolean glue(String t, int at) {
        char a = t.charAt(at - 1);
        char b = t.charAt(at);
        boolean la = Character.isLetterOrDigit(a);
        boolean lb = Character.isLetterOrDigit(b);
        if (!la || !lb) {
            return true;
        }
        return Character.isDigit(a) != Character.isDigit(b);
    }

    /** Look-alike letters read as digits. */
    static String asDigits(String t) {
        StringBuilder sb = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char ch = t.charAt(i);
            int k = LOOKALIKE_LETTERS.indexOf(ch);
            sb.append(k >= 0 ? LOOKALIKE_DIGITS.charAt(k) : ch);
        }
        return sb.toString();
    }

    private static boolean same(char a, char b) {
        return Character.toUpperCase(a) == Character.toUpperCase(b);
    }

    private static String noSpace(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            if (!Segment.isSpace(s.charAt(i))) {
                sb.append(s.charAt(i));
            }
        }
        return sb.toString();
    }
}
