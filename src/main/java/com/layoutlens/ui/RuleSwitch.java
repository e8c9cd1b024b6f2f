package com.layoutlens.ui;

import com.layoutlens.eval.Rule;
import com.layoutlens.eval.RuleArguments;
import com.layoutlens.eval.RuleParameter;
import com.layoutlens.eval.RuleType;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.Property;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One registered rule as the Evaluation tab edits it: a switch, and a property per
 * parameter (a number for a count, comma-separated text for a word list), all derived from
 * the rule's {@link RuleType}.
 */
final class RuleSwitch {

    private final RuleType type;
    private final BooleanProperty on = new SimpleBooleanProperty(false);
    private final Map<String, Property<?>> values = new LinkedHashMap<>();

    RuleSwitch(RuleType type) {
        this.type = type;
        for (RuleParameter<?> p : type.parameters()) {
            values.put(p.name(), switch (p.kind()) {
                case COUNT -> new SimpleIntegerProperty((Integer) p.defaultValue());
                case WORDS -> new SimpleStringProperty(String.join(",", words(p).defaultValue()));
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static RuleParameter<List<String>> words(RuleParameter<?> p) {
        return (RuleParameter<List<String>>) p;
    }

    @SuppressWarnings("unchecked")
    private static RuleParameter<Integer> count(RuleParameter<?> p) {
        return (RuleParameter<Integer>) p;
    }

    RuleType type() {
        return type;
    }

    BooleanProperty onProperty() {
        return on;
    }

    /** The number of a COUNT parameter. */
    IntegerProperty countProperty(String parameter) {
        return (IntegerProperty) values.get(parameter);
    }

    /** The comma-separated words of a WORDS parameter. */
    StringProperty wordsProperty(String parameter) {
        return (StringProperty) values.get(parameter);
    }

    /** The parameters' properties, for listening to every change. */
    List<Observable> parameterProperties() {
        return new ArrayList<>(values.values());
    }

    /**
     * The rule with the values shown: a count below its minimum counts as the minimum, and a
     * word list left empty is the default list.
     */
    Rule rule() {
        RuleArguments args = type.arguments();
        for (RuleParameter<?> p : type.parameters()) {
            switch (p.kind()) {
                case COUNT -> args.set(count(p), Math.max(p.min(), countProperty(p.name()).get()));
                case WORDS -> {
                    String text = wordsProperty(p.name()).get();
                    List<String> w = RuleParameter.split(text == null ? "" : text, ",");
                    args.set(words(p), w.isEmpty() ? words(p).defaultValue() : w);
                }
            }
        }
        return type.create(args);
    }
}
