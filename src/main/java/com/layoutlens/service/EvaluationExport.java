package com.layoutlens.service;

import com.layoutlens.data.LabelSet;
import com.layoutlens.eval.Comparison;
import com.layoutlens.eval.Confusion;
import com.layoutlens.eval.ErrorCause;
import com.layoutlens.eval.ErrorCauses;
import com.layoutlens.eval.Evaluation;
import com.layoutlens.eval.FieldScores;
import com.layoutlens.eval.LabelScore;
import com.layoutlens.eval.McNemar;
import com.layoutlens.eval.RuleEffect;
import com.layoutlens.eval.WordError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluation results in their exported forms, from one place: the JSON objects of
 * {@code evaluate}, {@code compare} and {@code errors}, and the CSV the Evaluation tab exports.
 */
public final class EvaluationExport {

    private EvaluationExport() {
    }

    /**
     * The CSV of one or more models' results, one {@code model,section,row,column,value} line
     * per figure (CRLF line ends): per-label scores, micro F1, field exact match, SROIE P/R/F1
     * and the confusion matrix; a model without results (null) adds no line.
     */
    public static String csv(LabelSet labelSet, Map<String, Evaluation> byModel) {
        StringBuilder sb = new StringBuilder("model,section,row,column,value\r\n");
        byModel.forEach((model, e) -> {
            if (e != null) {
                csv(sb, labelSet, model, e);
            }
        });
        return sb.toString();
    }

    private static void csv(StringBuilder sb, LabelSet labelSet, String model, Evaluation e) {
        for (var s : e.labels().entrySet()) {
            LabelScore x = s.getValue();
            for (String[] kv : new String[][] {{"tp", "" + x.tp()}, {"fp", "" + x.fp()}, {"fn", "" + x.fn()},
                    {"precision", "" + x.precision()}, {"recall", "" + x.recall()}, {"f1", "" + x.f1()}}) {
                line(sb, model, "label", s.getKey(), kv[0], kv[1]);
            }
        }
        line(sb, model, "micro", "all", "f1", e.micro().f1());
        for (var f : e.fields().fields().entrySet()) {
            line(sb, model, "field", f.getKey(), "em", f.getValue().emRate());
            line(sb, model, "field", f.getKey(), "em_no_space", f.getValue().emNoSpaceRate());
        }
        LabelScore s = e.fields().sroie();
        line(sb, model, "sroie", "all", "precision", s.precision());
        line(sb, model, "sroie", "all", "recall", s.recall());
        line(sb, model, "sroie", "all", "f1", s.f1());
        for (int i = 0; i < labelSet.size(); i++) {
            for (int j = 0; j < labelSet.size(); j++) {
                line(sb, model, "confusion", labelSet.label(i), labelSet.label(j), e.confusion().count(i, j));
            }
        }
    }

    private static void line(StringBuilder sb, String model, String section, String row, String column, Object value) {
        sb.append(model).append(',').append(section).append(',').append(row).append(',').append(column).append(',')
                .append(value).append("\r\n");
    }

    // ---------------------------------------------------------------- JSON

    public static Map<String, Object> score(LabelScore s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tp", s.tp());
        m.put("fp", s.fp());
        m.put("fn", s.fn());
        m.put("precision", s.precision());
        m.put("recall", s.recall());
        m.put("f1", s.f1());
        return m;
    }

    public static Map<String, Object> scores(Map<String, LabelScore> scores) {
        Map<String, Object> m = new LinkedHashMap<>();
        scores.forEach((l, s) -> m.put(l, score(s)));
        return m;
    }

    public static Map<String, Object> confusion(Confusion c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labels", c.labelSet().labels());
        m.put("matrix", c.rows());
        return m;
    }

    /** The field figures as {@code evaluate --json} gives them: fields, field_gold, receipts_all_fields_em, sroie. */
    static void putFields(Map<String, Object> m, FieldScores f, String gold) {
        Map<String, Object> fields = new LinkedHashMap<>();
        f.fields().forEach((name, c) -> {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("em", c.emRate());
            fm.put("em_no_space", c.emNoSpaceRate());
            fm.put("n", c.n());
            fields.put(name, fm);
        });
        m.put("fields", fields);
        m.put("field_gold", gold);
        m.put("receipts_all_fields_em", f.receiptsEm());
        LabelScore s = f.sroie();
        Map<String, Object> sroie = new LinkedHashMap<>();
        sroie.put("precision", s.precision());
        sroie.put("recall", s.recall());
        sroie.put("f1", s.f1());
        sroie.put("correct", s.tp());
        sroie.put("predicted", s.tp() + s.fp());
        sroie.put("gold", s.tp() + s.fn());
        m.put("sroie", sroie);
    }

    /**
     * The text {@code evaluate --pred-keys --json} prints (without the line end): the receipts
     * scored, the field figures and the problems.
     */
    public static String keyScoresJson(com.layoutlens.eval.KeyScoring.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("receipts", r.scores().receipts());
        putFields(m, r.scores(), "key files");
        m.put("problems", JsonText.problems(r.problems()));
        return JsonText.write(m);
    }

    public static Map<String, Object> evaluation(Evaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("receipts", e.receipts());
        m.put("schema", e.labelSet().name());
        m.put("words", e.words());
        m.put("accuracy", e.accuracy());
        m.put("labels", scores(e.labels()));
        m.put("micro", score(e.micro()));
        Map<String, Object> ent = new LinkedHashMap<>();
        ent.put("labels", scores(e.entities()));
        ent.put("micro", score(e.entityMicro()));
        m.put("entities", ent);
        Map<String, Object> strict = new LinkedHashMap<>();
        strict.put("labels", scores(e.entitiesStrict()));
        strict.put("micro", score(e.entityStrictMicro()));
        m.put("entities_strict", strict);
        putFields(m, e.fields(), e.keysFromLabels() ? "decoded from the gold label files" : "key files");
        m.put("confusion", confusion(e.confusion()));
        List<Object> rules = new ArrayList<>();
        for (RuleEffect r : e.rules()) {
            rules.add(rule(r));
        }
        m.put("rules", rules);
        return m;
    }

    /**
     * The text {@code evaluate --json} prints for an evaluation (without the line end): its
     * figures and its problems.
     */
    public static String evaluationJson(Evaluation e) {
        return evaluationJson(e, e.pairs().size() == e.receipts() ? ErrorCauses.of(e).counts() : null);
    }

    /**
     * The same for an evaluation summed from parts (which keeps counts, not words), with the
     * error causes the parts counted; {@code causes} null leaves them out.
     */
    public static String evaluationJson(Evaluation e, Map<String, Map<ErrorCause, Long>> causes) {
        Map<String, Object> o = new LinkedHashMap<>(evaluation(e));
        if (causes != null) {
            o.put("causes", causes(causes));
        }
        o.put("problems", JsonText.problems(e.problems()));
        return JsonText.write(o);
    }

    /**
     * The object {@code compare --json} prints: both evaluations, their difference (B - A),
     * McNemar's tests, the words where they disagree and the problems.
     *
     * @param aDir how prediction folder A is named (as the user gave it)
     * @param bDir likewise for B
     */
    public static Map<String, Object> comparison(Comparison c, String aDir, String bDir) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("receipts", c.a().receipts());
        o.put("words", c.a().words());
        o.put("a_dir", aDir);
        o.put("b_dir", bDir);
        o.put("a", evaluation(c.a()));
        o.put("b", evaluation(c.b()));
        Map<String, Object> diff = new LinkedHashMap<>();
        Map<String, Object> labels = new LinkedHashMap<>();
        c.a().labels().forEach((l, s) -> labels.put(l, delta(s, c.b().labels().get(l))));
        diff.put("labels", labels);
        diff.put("micro", delta(c.a().micro(), c.b().micro()));
        Map<String, Object> fields = new LinkedHashMap<>();
        c.a().fields().fields().forEach((f, x) -> {
            FieldScores.Count y = c.b().fields().fields().get(f);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("em", y.emRate() - x.emRate());
            m.put("em_no_space", y.emNoSpaceRate() - x.emNoSpaceRate());
            fields.put(f, m);
        });
        diff.put("fields", fields);
        diff.put("sroie_f1", c.b().fields().sroie().f1() - c.a().fields().sroie().f1());
        diff.put("confusion", matrixRows(Confusion.difference(c.a().confusion(), c.b().confusion())));
        o.put("difference", diff);
        Map<String, Object> tests = new LinkedHashMap<>();
        tests.put("overall", mcnemar(c.overall()));
        Map<String, Object> perLabel = new LinkedHashMap<>();
        c.tests().forEach((l, t) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("correct", mcnemar(t.correct()));
            m.put("fp", mcnemar(t.fp()));
            m.put("fn", mcnemar(t.fn()));
            perLabel.put(l, m);
        });
        tests.put("labels", perLabel);
        o.put("mcnemar", tests);
        Map<String, Object> dis = new LinkedHashMap<>();
        dis.put("only_a_right", disagreements(c.onlyARight()));
        dis.put("only_b_right", disagreements(c.onlyBRight()));
        dis.put("both_wrong", disagreements(c.bothWrong()));
        dis.put("both_wrong_same_label", c.bothWrongSame());
        o.put("disagreements", dis);
        o.put("problems", JsonText.problems(c.problems()));
        return o;
    }

    /** The text {@code compare --json} prints (without the line end). */
    public static String comparisonJson(Comparison c, String aDir, String bDir) {
        return JsonText.write(comparison(c, aDir, bDir));
    }

    private static List<Object> disagreements(List<Comparison.Disagreement> ds) {
        List<Object> out = new ArrayList<>();
        ds.forEach(d -> out.add(disagreement(d)));
        return out;
    }

    private static Map<String, Object> delta(LabelScore a, LabelScore b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tp", b.tp() - a.tp());
        m.put("fp", b.fp() - a.fp());
        m.put("fn", b.fn() - a.fn());
        m.put("precision", b.precision() - a.precision());
        m.put("recall", b.recall() - a.recall());
        m.put("f1", b.f1() - a.f1());
        return m;
    }

    public static Map<String, Object> rule(RuleEffect r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", r.rule());
        m.put("label", r.label());
        m.put("description", r.description());
        Map<String, Object> gold = new LinkedHashMap<>();
        gold.put("words", r.goldWords());
        gold.put("words_kept", r.goldWordsKept());
        gold.put("words_share", r.goldWordShare());
        gold.put("values", r.goldSpans());
        gold.put("values_kept", r.goldSpansKept());
        gold.put("values_share", r.goldSpanShare());
        gold.put("true_positives_deleted_if_perfect", r.goldWordsDeleted());
        m.put("gold_support", gold);
        m.put("changed_words", r.changedWords());
        m.put("removed_true_positives", r.removedTp());
        m.put("removed_false_positives", r.removedFp());
        m.put("before", r.before().rows());
        m.put("after", r.after().rows());
        m.put("difference", matrixRows(r.difference()));
        return m;
    }

    public static List<List<Long>> matrixRows(long[][] d) {
        List<List<Long>> out = new ArrayList<>();
        for (long[] row : d) {
            List<Long> r = new ArrayList<>();
            for (long c : row) {
                r.add(c);
            }
            out.add(r);
        }
        return out;
    }

    public static Map<String, Object> mcnemar(McNemar t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("only_a", t.onlyA());
        m.put("only_b", t.onlyB());
        m.put("chi_square", t.chiSquare());
        m.put("p_value", t.pValue());
        return m;
    }

    public static Map<String, Object> disagreement(Comparison.Disagreement d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("receipt", d.receipt());
        m.put("segment", d.segment());
        m.put("word", d.word());
        m.put("text", d.text());
        m.put("gold", d.gold());
        m.put("a", d.a());
        m.put("score_a", d.scoreA());
        m.put("b", d.b());
        m.put("score_b", d.scoreB());
        return m;
    }

    /**
     * {@code evaluate --json}'s {@code causes}: per entity label, its errors (false positive and
     * false negative words) by cause, every cause listed in the order they are decided.
     */
    public static Map<String, Object> causes(ErrorCauses causes) {
        return causes(causes.counts());
    }

    private static Map<String, Object> causes(Map<String, Map<ErrorCause, Long>> counts) {
        Map<String, Object> m = new LinkedHashMap<>();
        counts.forEach((label, byCause) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            byCause.forEach((cause, n) -> c.put(cause.id(), n));
            m.put(label, c);
        });
        return m;
    }

    /** One error of the {@code errors} list with its cause (null: not known). */
    public static Map<String, Object> error(WordError e, ErrorCause cause) {
        Map<String, Object> m = error(e);
        m.put("cause", cause == null ? null : cause.id());
        return m;
    }

    public static Map<String, Object> error(WordError e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("receipt", e.receipt());
        m.put("segment", e.segment());
        m.put("word", e.word());
        m.put("text", e.text());
        m.put("gold", e.gold());
        m.put("predicted", e.predicted());
        m.put("score", e.score());
        m.put("entity_score", e.entityScore());
        return m;
    }
}
