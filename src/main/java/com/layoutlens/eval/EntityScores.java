package com.layoutlens.eval;

import com.layoutlens.data.Chunks;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Scheme;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Entity-level counts as seqeval computes them: each receipt is one sequence (its words in file
 * order); an entity is a type and a word range; a predicted entity is a true positive when the
 * gold sequence has the same entity, else a false positive; a gold entity not predicted is a
 * false negative. {@link Mode#DEFAULT} reads entities as seqeval's default mode
 * ({@link Chunks#lenient}), {@link Mode#STRICT} as {@code mode="strict"} with the scheme
 * ({@link Chunks#strict}).
 */
public final class EntityScores {

    /** seqeval's two ways of reading entities. */
    public enum Mode { DEFAULT, STRICT }

    private final Mode mode;
    private final Scheme scheme;
    private final Map<String, long[]> counts = new LinkedHashMap<>();

    /**
     * @param types  the types reported, in order (all with zero counts at first); types met in
     *               the sequences and not listed are added after them
     * @param scheme the scheme strict mode checks the tags against
     */
    public EntityScores(List<String> types, Mode mode, Scheme scheme) {
        this.mode = mode;
        this.scheme = scheme;
        for (String t : types) {
            counts.put(t, new long[3]);
        }
    }

    /** Adds one sequence pair; tags in seqeval's form ({@link Chunks#normalize}), of equal length. */
    public void add(List<String> gold, List<String> predicted) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException("gold has " + gold.size() + " tags, the prediction " + predicted.size());
        }
        List<Chunks.Chunk> g = read(gold);
        Set<Chunks.Chunk> goldSet = new HashSet<>(g);
        Set<Chunks.Chunk> predSet = new HashSet<>(read(predicted));
        for (Chunks.Chunk c : goldSet) {
            counts.computeIfAbsent(c.type(), k -> new long[3])[predSet.contains(c) ? 0 : 2]++;
        }
        for (Chunks.Chunk c : predSet) {
            if (!goldSet.contains(c)) {
                counts.computeIfAbsent(c.type(), k -> new long[3])[1]++;
            }
        }
    }

    private List<Chunks.Chunk> read(List<String> tags) {
        return mode == Mode.DEFAULT ? Chunks.lenient(tags) : Chunks.strict(tags, scheme);
    }

    /** tp, fp, fn and the scores per type. */
    public Map<String, LabelScore> scores() {
        Map<String, LabelScore> out = new LinkedHashMap<>();
        counts.forEach((t, c) -> out.put(t, LabelScore.of(c[0], c[1], c[2])));
        return out;
    }

    /**
     * The entity scores of matched receipts in both modes. Gold and predictions are first put in
     * one scheme, the predictions' (read from all their tags: IOBES when any has an S-/E-/U-/L-
     * prefix, BIO when any has B-/I-, else IO; the schema's when no word is predicted as an
     * entity; B-/I- tags alone under an IOBES schema are IOBES): gold written in another scheme
     * (read from all gold tags in the same way; a receipt without prefixes is IO) is converted
     * the way seqeval's default mode reads it ({@link Chunks#convert}). Predictions are never
     * converted, so strict mode still sees their malformed entities.
     *
     * @return {@code [default, strict]}
     */
    public static List<Map<String, LabelScore>> of(List<List<String>> gold, List<List<String>> predicted,
                                                    LabelSet schema) {
        Scheme target = declared(schemeOf(predicted, schema), schema);
        LabelSet targetSchema = schema.withScheme(target);
        // the gold's scheme is its folder's, not each receipt's: an IOBES receipt whose tags
        // happen to be B- and I- only (a malformed entity, or none of one word) is IOBES, as
        // seqeval reads it; a receipt written without prefixes (aligned IO gold) is converted
        Scheme goldScheme = declared(schemeOf(gold, null), schema);
        EntityScores lenient = new EntityScores(schema.entityLabels(), Mode.DEFAULT, target);
        EntityScores strict = new EntityScores(schema.entityLabels(), Mode.STRICT, target);
        for (int k = 0; k < gold.size(); k++) {
            List<String> g = gold.get(k);
            Scheme written = schemeOf(List.of(g), null) == Scheme.IO ? Scheme.IO : goldScheme;
            if (written != target && !allOutside(g, schema)) {
                g = Chunks.convert(g, schema, targetSchema);
            }
            List<String> gn = normalize(g, schema);
            List<String> pn = normalize(predicted.get(k), schema);
            lenient.add(gn, pn);
            strict.add(gn, pn);
        }
        List<Map<String, LabelScore>> out = new ArrayList<>();
        out.add(lenient.scores());
        out.add(strict.scores());
        return out;
    }

    /**
     * The scheme tags read as {@code found} are in, given the schema: B- and I- tags alone are
     * IOBES tags too, so under an IOBES schema they are read as IOBES (seqeval's strict mode with
     * that scheme then finds no entity in {@code B-X} alone); otherwise what the tags show.
     */
    private static Scheme declared(Scheme found, LabelSet schema) {
        return found == Scheme.BIO && schema.scheme() == Scheme.IOBES ? Scheme.IOBES : found;
    }

    private static boolean allOutside(List<String> tags, LabelSet schema) {
        for (String t : tags) {
            if (!t.equals(schema.outside())) {
                return false;
            }
        }
        return true;
    }

    private static List<String> normalize(List<String> tags, LabelSet schema) {
        List<String> out = new ArrayList<>(tags.size());
        for (String t : tags) {
            out.add(Chunks.normalize(t, schema));
        }
        return out;
    }

    /**
     * The scheme tag sequences are written in, read from their prefixes; {@code fallback}'s scheme
     * (or IO when null) when no tag has one... and no tag names an entity.
     */
    static Scheme schemeOf(List<List<String>> seqs, LabelSet fallback) {
        boolean any = false;
        Scheme s = Scheme.IO;
        for (List<String> seq : seqs) {
            for (String t : seq) {
                if (t.length() > 2 && t.charAt(1) == '-' && "BIESLU".indexOf(t.charAt(0)) >= 0) {
                    any = true;
                    if ("ESLU".indexOf(t.charAt(0)) >= 0) {
                        return Scheme.IOBES;
                    }
                    s = Scheme.BIO;
                } else if (fallback != null && !t.equals(fallback.outside())) {
                    any = true;
                }
            }
        }
        return any || fallback == null ? s : fallback.scheme();
    }
}
