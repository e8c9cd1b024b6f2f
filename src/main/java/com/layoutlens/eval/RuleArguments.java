package com.layoutlens.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameter values a rule is built from: every parameter of its {@link RuleType}, each
 * with its default unless set. Typed access through the parameter's own declaration.
 */
public final class RuleArguments {

    private final RuleType type;
    private final Map<String, Object> values = new LinkedHashMap<>();

    RuleArguments(RuleType type) {
        this.type = type;
        for (RuleParameter<?> p : type.parameters()) {
            values.put(p.name(), p.defaultValue());
        }
    }

    /** The value of a parameter of this rule type. */
    @SuppressWarnings("unchecked")
    public <T> T get(RuleParameter<T> parameter) {
        if (!values.containsKey(parameter.name())) {
            throw new IllegalArgumentException("rule '" + type.name() + "' has no parameter '" + parameter.name() + "'");
        }
        return (T) values.get(parameter.name());
    }

    /** Sets a parameter; returns this. */
    public <T> RuleArguments set(RuleParameter<T> parameter, T value) {
        get(parameter);
        values.put(parameter.name(), value);
        return this;
    }

    /** Sets a parameter from its command-line text; throws IllegalArgumentException for the user. */
    public RuleArguments setText(String name, String text) {
        RuleParameter<?> p = type.parameter(name);
        if (p == null) {
            throw new IllegalArgumentException("rule '" + type.name() + "' has no parameter '" + name + "'");
        }
        try {
            values.put(name, p.parse(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rule '" + type.name() + "': " + e.getMessage());
        }
        return this;
    }

    /** The rule type these values are for. */
    public RuleType type() {
        return type;
    }

    /** The values in the syntax of {@code --rules}: {@code name:p1=v1;p2=v2}. */
    public String spec() {
        StringBuilder b = new StringBuilder(type.name());
        String sep = ":";
        for (RuleParameter<?> p : type.parameters()) {
            b.append(sep).append(p.name()).append('=').append(p.formatAny(values.get(p.name())));
            sep = ";";
        }
        return b.toString();
    }
}
