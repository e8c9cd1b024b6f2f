package com.layoutlens.eval;

import com.layoutlens.data.Chunks;
import com.layoutlens.data.LabelRow;

import java.util.ArrayList;
import java.util.List;

/**
 * A post-processing rule: it may take one label away from words of a receipt's prediction
 * (they become the outside label), never add one. Rules are data the app can list and
 * toggle; {@link Rules#parse} builds them from the command line's {@code --rules}.
 */
public interface Rule {

    /** The rule's name on the command line ({@code total-keyword}). */
    String name();

    /** The rule with its parameters, in the syntax {@link Rules#parse} reads. */
    String spec();

    /** The label the rule restricts. */
    String label();

    /** The label a word gets when the rule takes {@link #label()} away. */
    String outside();

    /** A sentence for the user: what a word needs to keep the label. */
    String description();

    /**
     * For every row of one receipt, whether a word there may carry {@link #label()}.
     * Rows with another label are answered too, so the same call measures the rule on
     * gold labels.
     */
    boolean[] allows(List<LabelRow> rows);

    /** The rows with the label taken away (score cleared) where the rule does not allow it. */
    default List<LabelRow> apply(List<LabelRow> rows) {
        boolean[] ok = allows(rows);
        List<LabelRow> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            LabelRow r = rows.get(i);
            out.add(!ok[i] && Chunks.typeOf(r.label()).equals(label()) ? r.withLabel(outside(), null) : r);
        }
        return out;
    }
}
