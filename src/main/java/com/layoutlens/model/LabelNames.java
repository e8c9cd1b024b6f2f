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
     * For each model class, the index of its label in the set.
     *
     * @throws ModelFolderException naming the classes that fit no label, e.g. a model trained for
     *                              another schema
     */
    public static int[] mapping(List<String> modelLabels, LabelSet set, String source) throws ModelFolderException {
        int[] out = new int[modelLabels.size()];
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            String c = collapse(modelLabels.get(i));
            int idx = set.indexOf(c);
            if (idx < 0) {
                idx = set.indexOf(c.toUpperCase(Locale.ROOT));
            }
            if (idx < 0 && (c.equalsIgnoreCase("O") || c.equalsIgnoreCase("OTHER"))) {
                idx = set.indexOf(set.outside());
            }
            if (idx < 0) {
                unknown.add(modelLabels.get(i));
            }
            out[i] = idx;
        }
        if (!unknown.isEmpty()) {
            throw new ModelFolderException(source + ": the model's labels " + unknown + " are not in the label set "
                    + set.name() + " " + set.labels());
        }
        return out;
    }
}
