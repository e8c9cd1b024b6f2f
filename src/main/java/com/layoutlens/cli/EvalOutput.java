package com.layoutlens.cli;

import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.eval.Comparison;
import com.layoutlens.eval.Confusion;
import com.layoutlens.eval.EvalFolders;
import com.layoutlens.eval.Evaluation;
import com.layoutlens.eval.FieldScores;
import com.layoutlens.eval.LabelScore;
import com.layoutlens.eval.McNemar;
import com.layoutlens.eval.Rule;
import com.layoutlens.eval.RuleEffect;
import com.layoutlens.eval.Rules;
import com.layoutlens.eval.WordError;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the evaluation commands share: reading the folders, and the JSON and text forms of the results. */
final class EvalOutput {

    private EvalOutput() {
    }

    static EvalFolders folders(Path gold, Path keys) {
        try {
            return new EvalFolders(LabelSet.sroie(), gold, keys);
        } catch (IOException e) {
            throw new LayoutLensCli.UsageException(e.getMessage());
        }
    }

    static List<Rule> rules(String spec) {
        try {
            return Rules.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new LayoutLensCli.UsageException("--rules: " + e.getMessage() + " (syntax: " + Rules.SYNTAX + ")");
        }
    }

    static void printProblems(PrintWriter err, List<Problem> problems) {
        for (Problem p : problems) {
            err.println(p);
        }
        err.flush();
    }

    // ---------------------------------------------------------------- JSON

    static Map<String, Object> score(LabelScore s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tp", s.tp());
        m.put("fp", s.fp());
        m.put("fn", s.fn());
        m.put("precision", s.precision());
        m.put("recall", s.recall());
        m.put("f1", s.f1());
        return m;
    }

    static Map<String, Object> scores(Map<String, LabelScore> scores) {
        Map<String, Object> m = new LinkedHashMap<>();
        scores.forEach((l, s) -> m.put(l, score(s)));
        return m;
    }

    static Map<String, Object> confusion(Confusion c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labels", c.labelSet().labels());
        m.put("matrix", c.rows());
        return m;
    }

    static Map<String, Object> evaluation(Evaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("receipts", e.receipts());
        m.put("words", e.words());
        m.put("accuracy", e.accuracy());
        m.put("labels", scores(e.labels()));
        m.put("micro", score(e.micro()));
        Map<String, Object> ent = new LinkedHashMap<>();
        ent.put("labels", scores(e.entities()));
        ent.put("micro", score(e.entityMicro()));
        m.put("entities", ent);
        Map<String, Object> fields = new LinkedHashMap<>();
        e.fields().fields().forEach((f, c) -> {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("em", c.emRate());
            fm.put("em_no_space", c.emNoSpaceRate());
            fm.put("n", c.n());
            fields.put(f, fm);
        });
        m.put("fields", fields);
        m.put("field_gold", e.keysFromLabels() ? "decoded from the gold label files" : "key files");
        m.put("receipts_all_fields_em", e.fields().receiptsEm());
        LabelScore s = e.fields().sroie();
        Map<String, Object> sroie = new LinkedHashMap<>();
        sroie.put("precision", s.precision());
        sroie.put("recall", s.recall());
        sroie.put("f1", s.f1());
        sroie.put("correct", s.tp());
        sroie.put("predicted", s.tp() + s.fp());
        sroie.put("gold", s.tp() + s.fn());
        m.put("sroie", sroie);
        m.put("confusion", confusion(e.confusion()));
        List<Object> rules = new ArrayList<>();
        for (RuleEffect r : e.rules()) {
            rules.add(rule(r));
        }
        m.put("rules", rules);
        return m;
    }

    static Map<String, Object> rule(RuleEffect r) {
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

    static List<List<Long>> matrixRows(long[][] d) {
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

    static Map<String, Object> mcnemar(McNemar t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("only_a", t.onlyA());
        m.put("only_b", t.onlyB());
        m.put("chi_square", t.chiSquare());
        m.put("p_value", t.pValue());
        return m;
    }

    static Map<String, Object> disagreement(Comparison.Disagreement d) {
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

    static Map<String, Object> error(WordError e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("receipt", e.receipt());
        m.put("segment", e.segment());
        m.put("word", e.word());
        m.put("text", e.text());
        m.put("gold", e.gold());
        m.put("predicted", e.predicted());
        m.put("score", e.score());
        return m;
    }

    // ---------------------------------------------------------------- text

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f", 100 * v);
    }

    static void printScores(PrintWriter out, String title, Map<String, LabelScore> scores, LabelScore micro) {
        out.println(title);
        out.printf(Locale.ROOT, "  %-9s %7s %7s %7s %9s %7s %7s%n", "label", "tp", "fp", "fn", "precision", "recall", "F1");
        scores.forEach((l, s) -> printScoreRow(out, l, s));
        printScoreRow(out, "micro", micro);
    }

    private static void printScoreRow(PrintWriter out, String name, LabelScore s) {
        out.printf(Locale.ROOT, "  %-9s %7d %7d %7d %9s %7s %7s%n", name, s.tp(), s.fp(), s.fn(),
                pct(s.precision()), pct(s.recall()), pct(s.f1()));
    }

    static void printMatrix(PrintWriter out, String title, List<String> labels, long[][] m, boolean signed) {
        out.println(title);
        int w = 8;
        for (long[] row : m) {
            for (long c : row) {
                w = Math.max(w, Long.toString(c).length() + 2);
            }
        }
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-9s", "gold\\pred"));
        for (String l : labels) {
            head.append(String.format(Locale.ROOT, "%" + w + "s", l));
        }
        out.println(head);
        for (int i = 0; i < m.length; i++) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %-9s", labels.get(i)));
            for (long c : m[i]) {
                sb.append(String.format(Locale.ROOT, "%" + w + "s", signed && c > 0 ? "+" + c : Long.toString(c)));
            }
            out.println(sb);
        }
    }

    static void printEvaluation(PrintWriter out, Evaluation e, String name) {
        out.printf(Locale.ROOT, "%d receipts, %d words, word accuracy %s%%%n%n", e.receipts(), e.words(), pct(e.accuracy()));
        FieldScores.Count all = e.fields().fields().get(FieldScores.ALL);
        out.println("| predictions | word F1 | span F1 | em | em_no_space | SROIE F1 |");
        out.println("| --- | --- | --- | --- | --- | --- |");
        out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n%n", name, pct(e.micro().f1()),
                pct(e.entityMicro().f1()), pct(all.emRate()), pct(all.emNoSpaceRate()), pct(e.fields().sroie().f1()));
        printScores(out, "Word level (F1 over the words of each label; O is not a label here)", e.labels(), e.micro());
        out.println();
        printScores(out, "Entity level (spans of consecutive words, seqeval style)", e.entities(), e.entityMicro());
        out.println();
        out.println("Field exact match (gold values " + (e.keysFromLabels()
                ? "decoded from the gold label files, as no key folder was given)" : "from the key files)"));
        out.printf(Locale.ROOT, "  %-9s %6s %8s %12s%n", "field", "n", "em", "em_no_space");
        e.fields().fields().forEach((f, c) -> out.printf(Locale.ROOT, "  %-9s %6d %8s %12s%n", f, c.n(),
                pct(c.emRate()), pct(c.emNoSpaceRate())));
        out.printf(Locale.ROOT, "  receipts with every field exact: %d of %d%n", e.fields().receiptsEm(), e.fields().receipts());
        LabelScore s = e.fields().sroie();
        out.printf(Locale.ROOT, "  SROIE task 3: precision %s, recall %s, F1 %s (%d correct of %d extracted, %d gold values)%n%n",
                pct(s.precision()), pct(s.recall()), pct(s.f1()), s.tp(), s.tp() + s.fp(), s.tp() + s.fn());
        printMatrix(out, "Confusion matrix (rows: gold, columns: predicted)", e.labelSet().labels(),
                e.confusion().matrix(), false);
        for (RuleEffect r : e.rules()) {
            out.println();
            printRule(out, r, e.labelSet().labels());
        }
    }

    static void printRule(PrintWriter out, RuleEffect r, List<String> labels) {
        out.println("Rule " + r.rule() + ": " + r.description());
        out.printf(Locale.ROOT, "  on the gold labels: %d of %d %s words allowed (%s%%), %d of %d values whole (%s%%);"
                        + " it would delete %d true positive word%s of a perfect prediction%n",
                r.goldWordsKept(), r.goldWords(), r.label(), pct(r.goldWordShare()),
                r.goldSpansKept(), r.goldSpans(), pct(r.goldSpanShare()),
                r.goldWordsDeleted(), r.goldWordsDeleted() == 1 ? "" : "s");
        out.printf(Locale.ROOT, "  on the predictions: %d word%s changed to O: %d false positive%s removed, %d true positive%s lost%n",
                r.changedWords(), r.changedWords() == 1 ? "" : "s", r.removedFp(), r.removedFp() == 1 ? "" : "s",
                r.removedTp(), r.removedTp() == 1 ? "" : "s");
        printMatrix(out, "  before", labels, r.before().matrix(), false);
        printMatrix(out, "  after", labels, r.after().matrix(), false);
        printMatrix(out, "  after - before", labels, r.difference(), true);
    }
}
