package com.layoutlens.model;

import com.layoutlens.data.LabelSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps a model's class names ({@code id2label}) onto a label set. Tagging schemes mark
 * spans with prefixes (BIO, BIOES, BILOU: {@code B-TOTAL}, {@code I-TOTAL}, {@code S-DATE},
 * {@code E-ADDRESS}, ...); word labels have none, so the prefix is dropped.
 */
public final class LabelNames {

    private static final List<String> PREFIXES = List.of("B-", "I-", "E-", "S-", "L-", "U-");

    private LabelNames() {
    }

    /** {@code B-TOTAL -> TOTAL}, {@code S-DATE -> DATE}, {@code O -> O}; case is kept. */
    public static String collapse(String name) {
        String n = name.trim();
        for (String p : PREFIXES) {
            if (n.length() > p.length() && n.regionMatches(true, 0, p, 0, p.length())) {
                return n.substring(p.length());
            }
        }
        return n;
    }

    /**
     * For each model class, the index of its tag in the schema's {@link LabelSet#tags()}: the
     * class name itself ({@code B-TOTAL}, any case; BILOU's {@code U-}/{@code L-} as
     * {@code S-}/{@code E-}); with an IO schema a prefixed class is read as its type, the
     * prefix dropped.
     *
     * @throws ModelFolderException naming the classes that fit no tag, e.g. a model trained for
     *                              another schema
     */
    public static int[] mapping(List<String> modelLabels, LabelSet set, String source) throws ModelFolderException {
        int[] out = new int[modelLabels.size()];
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            out[i] = index(modelLabels.get(i), set);
            if (out[i] < 0) {
                unknown.add(modelLabels.get(i));
            }
        }
        if (!unknown.isEmpty()) {
            throw new ModelFolderException(source + ": the model's labels " + unknown + " are not in the schema "
                    + set.name() + " " + set.tags());
        }
        return out;
    }

    /** Whether every one of a model's labels has a tag in the schema, as {@link #mapping} reads them. */
    public static boolean fit(List<String> modelLabels, LabelSet set) {
        return modelLabels.stream().allMatch(l -> index(l, set) >= 0);
    }

    /** The schema's tag index for one model label (see {@link #mapping}), or -1. */
    private static int index(String label, LabelSet set) {
        String name = label.trim();
        int idx = tagIndex(set, name);
        if (idx < 0 && name.length() > 2 && name.charAt(1) == '-') {
            char p = Character.toUpperCase(name.charAt(0));
            if (p == 'U' || p == 'L') {
                idx = tagIndex(set, (p == 'U' ? "S" : "E") + name.substring(1));
            }
        }
        String c = collapse(name);
        if (idx < 0 && set.scheme() == com.layoutlens.data.Scheme.IO) {
            idx = tagIndex(set, c);
        }
        if (idx < 0 && (c.equalsIgnoreCase("O") || c.equalsIgnoreCase("OTHER"))) {
            idx = set.tagIndex(set.outside());
        }
        return idx;
    }

    private static int tagIndex(LabelSet set, String name) {
        int idx = set.tagIndex(name);
        if (idx < 0) {
            for (int t = 0; t < set.tags().size(); t++) {
                if (set.tag(t).equalsIgnoreCase(name)) {
                    return t;
                }
            }
        }
        return idx;
    }

}
