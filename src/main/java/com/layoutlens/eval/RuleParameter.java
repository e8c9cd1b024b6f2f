package com.layoutlens.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One typed parameter of a {@link RuleType}: its name in the {@code --rules} syntax, what it
 * means, its default, and how its value is read from and written to text. The command line's
 * parser, its help, {@code stats} and the app's rule controls all read this declaration.
 *
 * @param <T> the value's type
 */
public final class RuleParameter<T> {

    /** What kind of value a parameter holds; the app picks its control by kind. */
    public enum Kind {
        /** A whole number of at least {@link #min()}: a spinner in the app. */
        COUNT,
        /** A list of words, separated by {@code |} on the command line: a text field in the app. */
        WORDS
    }

    private final String name;
    private final Kind kind;
    private final T defaultValue;
    private final String valueSyntax;
    private final String description;
    private final String unit;
    private final int min;
    private final int max;
    private final Function<String, T> parser;
    private final Function<T, String> formatter;

    private RuleParameter(String name, Kind kind, T defaultValue, String valueSyntax, String description, String unit,
                          int min, int max, Function<String, T> parser, Function<T, String> formatter) {
        this.name = Objects.requireNonNull(name);
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.valueSyntax = valueSyntax;
        this.description = description;
        this.unit = unit;
        this.min = min;
        this.max = max;
        this.parser = parser;
        this.formatter = formatter;
    }

    /**
     * A whole number. The command line takes any number (the rule checks its own range);
     * {@code min} and {@code max} bound the app's control, which shows {@code unit} after it.
     */
    public static RuleParameter<Integer> count(String name, int defaultValue, int min, int max, String unit,
                                               String description) {
        return new RuleParameter<>(name, Kind.COUNT, defaultValue, "N", description, unit, min, max, text -> {
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " '" + text + "' is not a number");
            }
        }, String::valueOf);
    }

    /** A list of words, written {@code W1|W2|...}; blanks are dropped. */
    public static RuleParameter<List<String>> words(String name, List<String> defaultValue, String description) {
        return new RuleParameter<>(name, Kind.WORDS, List.copyOf(defaultValue), "W1|W2|...", description, "", 1,
                Integer.MAX_VALUE, text -> split(text, "\\|"), list -> String.join("|", list));
    }

    /** The words of {@code text} split at {@code separator} (a regular expression), stripped, blanks dropped. */
    public static List<String> split(String text, String separator) {
        return Arrays.stream(text.split(separator)).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** How a value is written on the command line ({@code N}, {@code W1|W2|...}). */
    public String valueSyntax() {
        return valueSyntax;
    }

    /** A sentence for the user: what the parameter sets. */
    public String description() {
        return description;
    }

    /** What the app shows after the parameter's control ({@code visual lines}); may be empty. */
    public String unit() {
        return unit;
    }

    /** The smallest value the app's control offers (COUNT). */
    public int min() {
        return min;
    }

    /** The largest value the app's control offers (COUNT). */
    public int max() {
        return max;
    }

    /** The value of a command-line text; throws IllegalArgumentException with a message for the user. */
    public T parse(String text) {
        return parser.apply(text);
    }

    /** The value as the command line writes it. */
    public String format(T value) {
        return formatter.apply(value);
    }

    /** {@link #format} for a value whose type was checked by the caller. */
    @SuppressWarnings("unchecked")
    String formatAny(Object value) {
        return formatter.apply((T) value);
    }

    @Override
    public String toString() {
        return name + "=" + valueSyntax;
    }
}
