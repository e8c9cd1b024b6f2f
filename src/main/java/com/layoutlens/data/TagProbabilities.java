package com.layoutlens.data;

import java.util.Arrays;
import java.util.List;

/**
 * A word's probability of every tag, as a model gave it: the tags in a fixed order (a schema's
 * {@link LabelSet#tags()} for predictions) and one value in [0,1] per tag. Label files carry
 * them as the columns {@code p_TAG} after {@code score} ({@link LabelFile}).
 *
 * <p>Immutable; equal when the tags and the values are.
 */
public final class TagProbabilities {

    private final List<String> tags;
    private final double[] values;

    /**
     * @throws IllegalArgumentException when the sizes differ, a tag repeats, or a value is not in [0,1]
     */
    public TagProbabilities(List<String> tags, double[] values) {
        if (tags.size() != values.length) {
            throw new IllegalArgumentException(tags.size() + " tags but " + values.length + " probabilities");
        }
        if (new java.util.HashSet<>(tags).size() != tags.size()) {
            throw new IllegalArgumentException("a tag appears twice among " + tags);
        }
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] >= 0 && values[i] <= 1)) {
                throw new IllegalArgumentException("probability of " + tags.get(i) + " must be in [0,1], got "
                        + values[i]);
            }
        }
        this.tags = List.copyOf(tags);
        this.values = values.clone();
    }

    /** The tags, in column order. */
    public List<String> tags() {
        return tags;
    }

    public int size() {
        return values.length;
    }

    /** The probability at a column. */
    public double get(int index) {
        return values[index];
    }

    /** The probability of a tag, or NaN when it has no column. */
    public double of(String tag) {
        int i = tags.indexOf(tag);
        return i < 0 ? Double.NaN : values[i];
    }

    /** A copy of the values, in column order. */
    public double[] values() {
        return values.clone();
    }

    /** The sum of the values (1 up to rounding when every tag of the schema has a column). */
    public double sum() {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    /** The tag with the highest probability (the first of equal ones). */
    public String argmax() {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return tags.get(best);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TagProbabilities t && tags.equals(t.tags) && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return 31 * tags.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < values.length; i++) {
            b.append(i == 0 ? "" : ", ").append(tags.get(i)).append('=').append(values[i]);
        }
        return b.append('}').toString();
    }
}
