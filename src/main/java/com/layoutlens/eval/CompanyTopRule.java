package com.layoutlens.eval;

import com.layoutlens.data.LabelRow;
import com.layoutlens.data.VisualLines;

import java.util.List;

/**
 * COMPANY only near the top: a word keeps COMPANY when it lies on one of the first N
 * visual lines of the receipt (default 2), where the shop's name is printed. Lines come
 * from the words' boxes ({@link VisualLines}), not from the OCR segment order, so a
 * header that the OCR listed late still counts as the top.
 */
public final class CompanyTopRule extends LabelRule {

    public static final String NAME = "company-top";
    public static final int DEFAULT_LINES = 2;
    public static final RuleParameter<Integer> LINES = RuleParameter.count("lines", DEFAULT_LINES, 1, 20,
            "visual lines", "visual lines from the top where COMPANY may stand");
    public static final RuleType TYPE = new RuleType(NAME, "COMPANY",
            "a word keeps COMPANY only on the first N visual lines", "COMPANY only in the first", List.of(LINES),
            a -> new CompanyTopRule(a.get(LINES)));

    private final int lines;

    public CompanyTopRule() {
        this(DEFAULT_LINES);
    }

    public CompanyTopRule(int lines) {
        this("COMPANY", "O", lines);
    }

    public CompanyTopRule(String label, String outside, int lines) {
        super(TYPE.arguments().set(LINES, checked(lines)), label, outside);
        this.lines = lines;
    }

    private static int checked(int lines) {
        if (lines < 1) {
            throw new IllegalArgumentException(NAME + ": lines must be at least 1, got " + lines);
        }
        return lines;
    }

    public int lines() {
        return lines;
    }

    @Override
    public String description() {
        return label() + " only on the first " + lines + " visual line" + (lines == 1 ? "" : "s");
    }

    @Override
    public boolean[] allows(List<LabelRow> rows) {
        VisualLines v = visualLines(rows);
        boolean[] ok = new boolean[rows.size()];
        for (int i = 0; i < ok.length; i++) {
            ok[i] = v.lineOf(i) < lines;
        }
        return ok;
    }
}
