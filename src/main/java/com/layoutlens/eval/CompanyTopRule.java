package com.layoutlens.eval;

import com.layoutlens.data.Box;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.VisualLines;

import java.util.ArrayList;
import java.util.List;

/**
 * COMPANY only near the top: a word keeps COMPANY when it lies on one of the first N
 * visual lines of the receipt (default 2), where the shop's name is printed. Lines come
 * from the words' boxes ({@link VisualLines}), not from the OCR segment order, so a
 * header that the OCR listed late still counts as the top.
 */
public final class CompanyTopRule implements Rule {

    public static final String NAME = "company-top";
    public static final int DEFAULT_LINES = 2;

    private final String label;
    private final String outside;
    private final int lines;

    public CompanyTopRule() {
        this(DEFAULT_LINES);
    }

    public CompanyTopRule(int lines) {
        this("COMPANY", "O", lines);
    }

    public CompanyTopRule(String label, String outside, int lines) {
        if (lines < 1) {
            throw new IllegalArgumentException(NAME + ": lines must be at least 1, got " + lines);
        }
        this.label = label;
        this.outside = outside;
        this.lines = lines;
    }

    public int lines() {
        return lines;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String spec() {
        return NAME + ":lines=" + lines;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public String outside() {
        return outside;
    }

    @Override
    public String description() {
        return label + " only on the first " + lines + " visual line" + (lines == 1 ? "" : "s");
    }

    @Override
    public boolean[] allows(List<LabelRow> rows) {
        List<Box> boxes = new ArrayList<>(rows.size());
        for (LabelRow r : rows) {
            boxes.add(r.box());
        }
        VisualLines v = VisualLines.of(boxes);
        boolean[] ok = new boolean[rows.size()];
        for (int i = 0; i < ok.length; i++) {
            ok[i] = v.lineOf(i) < lines;
        }
        return ok;
    }
}
