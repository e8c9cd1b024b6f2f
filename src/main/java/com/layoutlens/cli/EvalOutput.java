package com.layoutlens.cli;

import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.eval.Comparison;
import com.layoutlens.eval.Confusion;
import com.layoutlens.eval.EvalFolders;
import com.layoutlens.eval.Evaluation;
import com.layoutlens.eval.Matcher;
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

    static EvalFolders folders(LabelSet schema, Path gold, Path keys) {
        try {
            return new EvalFolders(schema, gold, keys);
        } catch (IOException e) {
            throw new LayoutLensCli.UsageException(e.getMessage());
        }
    }

    /**
     * The receipts of {@code pred} paired with their gold files; a folder that cannot be read
     * is a usage error, and so is one with no receipt in common with the gold files (its
     * problems printed first, then {@code nothing}).
     */
    static Matcher.Result match(EvalFolders folders, Path pred, PrintWriter err, String nothing) {
        Matcher.Result m;
        try {
            m = folders.match(pred);
        } catch (IOException e) {
            throw new LayoutLensCli.UsageException(e.getMessage());
        }
        if (m.pairs().isEmpty()) {
            printProblems(err, m.problems());
            throw new LayoutLensCli.UsageException(nothing);
        }
        return m;
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
        out.println("| predictions | word F1 | entity F1 | entity F1 strict | em | em_no_space | SROIE F1 |");
        out.println("| --- | --- | --- | --- | --- | --- | --- |");
        out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n%n", name, pct(e.micro().f1()),
                pct(e.entityMicro().f1()), pct(e.entityStrictMicro().f1()), pct(all.emRate()), pct(all.emNoSpaceRate()), pct(e.fields().sroie().f1()));
        printScores(out, "Word level (F1 over the words of each entity type, tag prefixes stripped; O is not a type here)", e.labels(), e.micro());
        out.println();
        printScores(out, "Entity level (seqeval default mode: an I- after O or another type starts an entity)",
                e.entities(), e.entityMicro());
        out.println();
        printScores(out, "Entity level, strict (seqeval strict mode in the predictions' scheme:"
                + " only well-formed entities count)", e.entitiesStrict(), e.entityStrictMicro());
        out.println();
        printFields(out, e.fields(), e.keysFromLabels()
                ? "decoded from the gold label files, as no key folder was given" : "from the key files");
        out.println();
        printMatrix(out, "Confusion matrix (rows: gold, columns: predicted)", e.labelSet().labels(),
                e.confusion().matrix(), false);
        for (RuleEffect r : e.rules()) {
            out.println();
            printRule(out, r, e.labelSet().labels());
        }
    }

    /** The field exact matches and the SROIE task-3 figures; {@code gold} says where the gold values come from. */
    static void printFields(PrintWriter out, FieldScores fields, String gold) {
        out.println("Field exact match (gold values " + gold + ")");
        out.printf(Locale.ROOT, "  %-9s %6s %8s %12s%n", "field", "n", "em", "em_no_space");
        fields.fields().forEach((f, c) -> out.printf(Locale.ROOT, "  %-9s %6d %8s %12s%n", f, c.n(),
                pct(c.emRate()), pct(c.emNoSpaceRate())));
        out.printf(Locale.ROOT, "  receipts with every field exact: %d of %d%n", fields.receiptsEm(), fields.receipts());
        LabelScore s = fields.sroie();
        out.printf(Locale.ROOT, "  SROIE task 3: precision %s, recall %s, F1 %s (%d correct of %d extracted, %d gold values)%n",
                pct(s.precision()), pct(s.recall()), pct(s.f1()), s.tp(), s.tp() + s.fp(), s.tp() + s.fn());
    }

    /** Per label, its false positive and false negative words by cause. */
    static void printCauses(PrintWriter out, com.layoutlens.eval.ErrorCauses causes) {
        out.println("Causes of the errors (false positive and false negative words; a confusion counts for both labels)");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-9s", "label"));
        for (com.layoutlens.eval.ErrorCause c : com.layoutlens.eval.ErrorCause.values()) {
            head.append(String.format(Locale.ROOT, " %10s", c.id()));
        }
        out.println(head);
        causes.counts().forEach((label, counts) -> {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %-9s", label));
            counts.values().forEach(n -> sb.append(String.format(Locale.ROOT, " %10d", n)));
            out.println(sb);
        });
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
