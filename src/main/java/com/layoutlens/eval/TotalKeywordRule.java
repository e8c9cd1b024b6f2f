package com.layoutlens.eval;

import com.layoutlens.data.LabelRow;
import com.layoutlens.data.TotalKeywords;
import com.layoutlens.data.VisualLines;

import java.util.Arrays;
import java.util.List;

/**
 * TOTAL only after a total keyword: a word keeps TOTAL when a keyword (by default TOTAL,
 * AMOUNT, RM, $) stands before it, which is where a receipt prints the amount due.
 *
 * <p>"Before it" means any of: the keyword starts the word itself, before its first digit
 * ({@code RM9.00}, {@code $12}); the previous word of the same OCR segment holds a keyword
 * ({@code TOTAL: 9.00}); or a word to its left on the same visual line ({@link VisualLines})
 * holds one (the keyword and the amount are often separate segments). A word "holds" a
 * keyword when one of its tokens equals it, case-insensitively; tokens are runs of
 * letters, runs of digits, and single other characters, so {@code Total(RM):} holds
 * TOTAL and RM, and {@code AMOUNT:} holds AMOUNT ({@link TotalKeywords}, shared with the
 * {@code --total-segments} encoding).
 */
public final class TotalKeywordRule extends LabelRule {

    public static final String NAME = "total-keyword";
    public static final List<String> DEFAULT_KEYWORDS = TotalKeywords.DEFAULT;
    public static final RuleParameter<List<String>> KEYWORDS = RuleParameter.words("keywords", DEFAULT_KEYWORDS,
            "words that announce the amount due");
    public static final RuleType TYPE = new RuleType(NAME, "TOTAL",
            "a word keeps TOTAL only after a keyword on its visual line", "TOTAL only after a keyword:",
            List.of(KEYWORDS), a -> new TotalKeywordRule(a.get(KEYWORDS)));

    private final TotalKeywords keywords;

    public TotalKeywordRule() {
        this(DEFAULT_KEYWORDS);
    }

    public TotalKeywordRule(List<String> keywords) {
        this("TOTAL", "O", keywords);
    }

    public TotalKeywordRule(String label, String outside, List<String> keywords) {
        super(TYPE.arguments().set(KEYWORDS, normalised(keywords)), label, outside);
        this.keywords = new TotalKeywords(keywords);
    }

    /** Upper-cased, without repeats, in the given order; refuses an empty list or an empty keyword. */
    private static List<String> normalised(List<String> keywords) {
        try {
            return TotalKeywords.normalised(keywords);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(NAME + ": " + e.getMessage(), e);
        }
    }

    public List<String> keywords() {
        return keywords.keywords();
    }

    @Override
    public String description() {
        return label() + " only after one of " + String.join(", ", keywords.keywords())
                + " (in the word, just before it, or to its left on the same line)";
    }

    @Override
    public boolean[] allows(List<LabelRow> rows) {
        int n = rows.size();
        boolean[] holds = new boolean[n];
        for (int i = 0; i < n; i++) {
            holds[i] = holdsKeyword(rows.get(i).text());
        }
        VisualLines lines = visualLines(rows);
        // per line, the position of its leftmost word holding a keyword
        int[] firstKeyword = new int[lines.count()];
        Arrays.fill(firstKeyword, Integer.MAX_VALUE);
        for (int i = 0; i < n; i++) {
            if (holds[i]) {
                int l = lines.lineOf(i);
                firstKeyword[l] = Math.min(firstKeyword[l], lines.positionInLine(i));
            }
        }
        boolean[] ok = new boolean[n];
        for (int i = 0; i < n; i++) {
            LabelRow r = rows.get(i);
            ok[i] = startsWithKeyword(r.text())
                    || (i > 0 && holds[i - 1] && rows.get(i - 1).segment() == r.segment()
                        && rows.get(i - 1).word() == r.word() - 1)
                    || firstKeyword[lines.lineOf(i)] < lines.positionInLine(i);
        }
        return ok;
    }

    /** Whether one of the word's tokens is a keyword. */
    boolean holdsKeyword(String text) {
        return keywords.holds(text);
    }

    /** Whether a keyword token comes before the word's first digit, and a digit follows. */
    boolean startsWithKeyword(String text) {
        return keywords.startsWith(text);
    }

    /** Upper-cased tokens of text[0, end): letter runs, digit runs, single other characters. */
    static List<String> tokens(String text, int end) {
        return TotalKeywords.tokens(text, end);
    }
}
