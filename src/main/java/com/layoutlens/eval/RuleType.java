package com.layoutlens.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A kind of post-processing rule, as registered in {@link Rules}: its name on the command
 * line, the label it restricts, what it does in one line, a caption for the app's switch,
 * its typed parameters with their defaults, and the factory that builds it from values.
 * The {@code --rules} parser, the help, {@code stats} and the app's controls all derive
 * from this declaration, so a new rule is its class plus one line in {@link Rules}.
 *
 * @param name       the name in {@code --rules} ({@code total-keyword})
 * @param label      the label the rule restricts
 * @param summary    one line for the help: what a word needs to keep the label
 * @param caption    the app's switch text, followed by the parameters' controls
 * @param parameters the parameters, in the order the help and the app show them
 * @param factory    builds the rule from values; throws IllegalArgumentException for bad values
 */
public record RuleType(String name, String label, String summary, String caption, List<RuleParameter<?>> parameters,
                       Function<RuleArguments, Rule> factory) {

    public RuleType {
        Objects.requireNonNull(name);
        Objects.requireNonNull(factory);
        parameters = List.copyOf(parameters);
    }

    /** The parameter of this name, or null. */
    public RuleParameter<?> parameter(String parameterName) {
        for (RuleParameter<?> p : parameters) {
            if (p.name().equals(parameterName)) {
                return p;
            }
        }
        return null;
    }

    /** Every parameter at its default, to be changed with {@link RuleArguments#set}. */
    public RuleArguments arguments() {
        return new RuleArguments(this);
    }

    /** The rule built from the given values (of this type). */
    public Rule create(RuleArguments arguments) {
        if (arguments.type() != this) {
            throw new IllegalArgumentException("arguments of rule '" + arguments.type().name() + "' given to '" + name + "'");
        }
        return factory.apply(arguments);
    }

    /** The rule with every parameter at its default. */
    public Rule create() {
        return create(arguments());
    }

    /** How the rule is written in {@code --rules}, optional parameters in brackets. */
    public String syntax() {
        if (parameters.isEmpty()) {
            return name;
        }
        List<String> ps = new ArrayList<>();
        for (RuleParameter<?> p : parameters) {
            ps.add(p.toString());
        }
        return name + "[:" + String.join(";", ps) + "]";
    }

    /** The help's lines for this rule: its syntax, what it does, and each parameter with its default. */
    public List<String> help() {
        List<String> lines = new ArrayList<>();
        lines.add("  " + syntax());
        lines.add("      " + summary);
        for (RuleParameter<?> p : parameters) {
            lines.add("      " + p.name() + ": " + p.description() + " (default " + p.formatAny(p.defaultValue()) + ")");
        }
        return lines;
    }
}
