package com.layoutlens.eval;

import com.layoutlens.data.Box;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.VisualLines;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the rules share: a rule restricts one label and names itself by its {@link RuleType}
 * and the values it was built from, so its {@link #spec()} is the registry's syntax.
 */
public abstract class LabelRule implements Rule {

    private final RuleArguments arguments;
    private final String label;
    private final String outside;

    protected LabelRule(RuleArguments arguments, String label, String outside) {
        this.arguments = Objects.requireNonNull(arguments);
        this.label = Objects.requireNonNull(label);
        this.outside = Objects.requireNonNull(outside);
    }

    @Override
    public final String name() {
        return arguments.type().name();
    }

    @Override
    public final String spec() {
        return arguments.spec();
    }

    @Override
    public final String label() {
        return label;
    }

    @Override
    public final String outside() {
        return outside;
    }

    /** The visual lines of a receipt's words, indexed like {@code rows}. */
    protected static VisualLines visualLines(List<LabelRow> rows) {
        List<Box> boxes = new ArrayList<>(rows.size());
        for (LabelRow r : rows) {
            boxes.add(r.box());
        }
        return VisualLines.of(boxes);
    }
}
