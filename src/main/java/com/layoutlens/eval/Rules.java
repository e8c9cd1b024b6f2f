package com.layoutlens.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The registry of rule types, and the parser of the {@code --rules} option.
 *
 * <p>Syntax: rules separated by commas, each a name with optional parameters after a
 * colon, parameters separated by semicolons ({@code name=value}):
 * <pre>
 *   total-keyword,company-top
 *   total-keyword:keywords=TOTAL|AMOUNT|RM|$,company-top:lines=3
 * </pre>
 * Each rule type declares its parameters ({@link RuleType}); rules run in the order given.
 * A new rule is its class, with a {@link RuleType}, plus one line in {@link #TYPES}: the
 * parser, the command line's help, {@code stats} and the app's Evaluation tab read this list.
 */
public final class Rules {

    /** Every rule type, in the order the help, {@code stats} and the app list them. */
    private static final List<RuleType> TYPES = List.of(
            TotalKeywordRule.TYPE,
            CompanyTopRule.TYPE);

    /** The grammar of {@code --rules}; {@link #help()} lists the rules and their parameters. */
    public static final String SYNTAX = "NAME[:PARAM=VALUE;...],... ('evaluate --help' lists the rules)";

    private Rules() {
    }

    /** The registered rule types. */
    public static List<RuleType> types() {
        return TYPES;
    }

    /** The rule type of this name, or null. */
    public static RuleType type(String name) {
        for (RuleType t : TYPES) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The names of the registered rules, comma-separated. */
    public static String names() {
        return String.join(", ", TYPES.stream().map(RuleType::name).toList());
    }

    /** Every registered rule with its defaults, in registry order. */
    public static List<Rule> defaults() {
        return TYPES.stream().map(RuleType::create).toList();
    }

    /** The help's lines: the syntax, each rule with its parameters, and an example. */
    public static List<String> help() {
        List<String> lines = new ArrayList<>();
        lines.add("Rules (--rules): comma-separated, each name[:param=value;...], applied in order:");
        for (RuleType t : TYPES) {
            lines.addAll(t.help());
        }
        lines.add("Example: --rules \"" + String.join(",", TYPES.stream().map(t -> t.arguments().spec()).toList())
                + "\"");
        return lines;
    }

    /** The rules of a {@code --rules} value; throws IllegalArgumentException with a message for the user. */
    public static List<Rule> parse(String spec) {
        List<Rule> out = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return out;
        }
        for (String part : spec.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            int colon = p.indexOf(':');
            String name = (colon < 0 ? p : p.substring(0, colon)).strip();
            String params = colon < 0 ? "" : p.substring(colon + 1);
            RuleType type = type(name);
            if (type == null) {
                throw new IllegalArgumentException("unknown rule '" + name + "' (known: " + names() + ")");
            }
            RuleArguments args = type.arguments();
            for (String kv : params.split(";")) {
                if (kv.isBlank()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("rule '" + name + "': parameter '" + kv.strip()
                            + "' needs the form name=value");
                }
                args.setText(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
            }
            out.add(type.create(args));
        }
        return out;
    }
}
