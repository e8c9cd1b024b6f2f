package com.layoutlens.model.predict;

import com.layoutlens.data.Chunks;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Scheme;
import com.layoutlens.data.TagProbabilities;
import com.layoutlens.model.LabelNames;

import java.util.ArrayList;
import java.util.List;

/**
 * A model tagged in another scheme of the schema's own types (the plain demo models in a BIO
 * folder, a BIO checkpoint in a plain one): it predicts in its scheme, and each receipt's
 * rows are written again in the schema's. Tags: the entities seqeval's default mode reads from
 * the model's tags, in the schema's scheme ({@link Chunks#convert}). A word's score stays the
 * probability of the model's own tag. Its tag probabilities move to the schema's tags type by
 * type: the mass of a type (all of the model's tags of that type) goes to the tag the word
 * would carry with that type beside its neighbours' predicted types (its own type: its written
 * tag), so they still sum to one.
 */
final class SchemeBridge {

    private SchemeBridge() {
    }

    /**
     * The schema the model predicts in: {@code schema} when its labels fit it, else the same
     * types in the first scheme the labels fit, else {@code schema} (whose mapping then names
     * the labels that do not fit).
     */
    static LabelSet predictIn(List<String> modelLabels, LabelSet schema) {
        if (LabelNames.fit(modelLabels, schema)) {
            return schema;
        }
        for (Scheme s : Scheme.values()) {
            LabelSet other = schema.withScheme(s);
            if (s != schema.scheme() && LabelNames.fit(modelLabels, other)) {
                return other;
            }
        }
        return schema;
    }

    /** One receipt's rows in {@code from}'s tags, written in {@code to}'s (same types). */
    static List<LabelRow> rewrite(List<LabelRow> rows, LabelSet from, LabelSet to) {
        List<String> tags = new ArrayList<>(rows.size());
        List<String> types = new ArrayList<>(rows.size());
        for (LabelRow r : rows) {
            tags.add(r.label());
            types.add(typeOf(from, r.label()));
        }
        List<String> written = Chunks.convert(tags, from, to);
        List<LabelRow> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            LabelRow r = rows.get(i);
            TagProbabilities probs = r.probs() == null ? null : moved(r.probs(), from, to, types, i, written.get(i));
            out.add(new LabelRow(r.segment(), r.word(), r.box(), r.text(), written.get(i), r.score(), probs));
        }
        return out;
    }

    private static TagProbabilities moved(TagProbabilities p, LabelSet from, LabelSet to, List<String> types, int i,
                                          String ownTag) {
        double[] values = new double[to.tags().size()];
        String own = types.get(i);
        for (int c = 0; c < p.size(); c++) {
            String type = typeOf(from, p.tags().get(c));
            String tag = type.equals(own) ? ownTag : tagFor(to, type, types, i);
            values[to.tagIndex(tag)] += p.get(c);
        }
        return new TagProbabilities(to.tags(), values);
    }

    /** The tag word {@code i} would carry in {@code to}'s scheme with {@code type} beside its neighbours' types. */
    private static String tagFor(LabelSet to, String type, List<String> types, int i) {
        if (type.equals(to.outside())) {
            return to.outside();
        }
        boolean before = i > 0 && types.get(i - 1).equals(type);
        boolean after = i + 1 < types.size() && types.get(i + 1).equals(type);
        String prefix = switch (to.scheme()) {
            case IO -> "";
            case BIO -> before ? "I-" : "B-";
            case IOBES -> before ? (after ? "I-" : "E-") : (after ? "B-" : "S-");
        };
        return prefix + type;
    }

    private static String typeOf(LabelSet set, String tag) {
        String type = set.typeOf(tag);
        return type == null ? set.outside() : type;
    }
}
