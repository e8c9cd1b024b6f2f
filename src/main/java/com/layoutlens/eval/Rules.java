package com.layoutlens.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rules by name, and the parser of the {@code --rules} option.
 *
 * <p>Syntax: rules separated by commas, each a name with optional parameters after a
 * colon, parameters separated by semicolons ({@code name=value}):
 * <pre>
 *   total-keyword,company-top
 *   total-keyword:keywords=TOTAL|AMOUNT|RM|$,company-top:lines=3
 * </pre>
 * {@code total-keyword} takes {@code keywords} (separated by {@code |}); {@code company-top}
 * takes {@code lines}. Rules run in the order given.
 */
public final class Rules {

    public static final String SYNTAX = "total-keyword[:keywords=K1|K2|...],company-top[:lines=N]";

    private Rules() {
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
            String keywords = null;
            String lines = null;
            for (String kv : params.split(";")) {
                if (kv.isBlank()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("rule '" + name + "': parameter '" + kv.strip()
                            + "' needs the form name=value");
                }
                String k = kv.substring(0, eq).strip();
                String v = kv.substring(eq + 1).strip();
                if (name.equals(TotalKeywordRule.NAME) && k.equals("keywords")) {
                    keywords = v;
                } else if (name.equals(CompanyTopRule.NAME) && k.equals("lines")) {
                    lines = v;
                } else {
                    throw new IllegalArgumentException("rule '" + name + "' has no parameter '" + k + "'");
                }
            }
            switch (name) {
                case TotalKeywordRule.NAME -> out.add(keywords == null ? new TotalKeywordRule()
                        : new TotalKeywordRule(Arrays.stream(keywords.split("\\|"))
                                .map(String::strip).filter(s -> !s.isEmpty()).toList()));
                case CompanyTopRule.NAME -> {
                    int n;
                    try {
                        n = lines == null ? CompanyTopRule.DEFAULT_LINES : Integer.parseInt(lines);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("rule 'company-top': lines '" + lines + "' is not a number");
                    }
                    out.add(new CompanyTopRule(n));
                }
                default -> throw new IllegalArgumentException("unknown rule '" + name + "' (known: "
                        + TotalKeywordRule.NAME + ", " + CompanyTopRule.NAME + ")");
            }
        }
        return out;
    }
}
