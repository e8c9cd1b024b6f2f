package com.layoutlens.cli;

import com.layoutlens.service.EvaluationExport;

import com.layoutlens.data.Problem;
import com.layoutlens.eval.Comparison;
import com.layoutlens.eval.Confusion;
import com.layoutlens.eval.EvalFolders;
import com.layoutlens.eval.Evaluation;
import com.layoutlens.eval.Evaluator;
import com.layoutlens.eval.FieldScores;
import com.layoutlens.eval.LabelScore;
import com.layoutlens.eval.Matcher;
import com.layoutlens.eval.McNemar;

import com.layoutlens.data.Printable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code compare}: two models' predictions against the same gold labels. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Evaluates two prediction folders (A = first --pred, B = second) on the receipts both cover,"
                + " shows their matrices and scores side by side with the difference (B - A), lists the words where"
                + " they disagree (only A right, only B right, both wrong), and tests each difference with McNemar's"
                + " paired test (exact binomial p-value): a p-value above 0.05 means the difference may be noise."},
        footer = {"", "Example: compare --gold labels --pred runs/v1 --pred runs/v2 --rules total-keyword"})
public final class CompareCommand extends CliCommand {

    @CommandLine.Mixin
    SchemaOption schema = new SchemaOption();

    @Option(names = "--pred", required = true, paramLabel = "LABEL_DIR",
            description = "Prediction folder; give it twice, A then B.")
    List<Path> preds;

    @Option(names = "--limit", defaultValue = "50",
            description = "Words listed per disagreement group in the text output (0: all; JSON lists all); default ${DEFAULT-VALUE}.")
    int limit;

    @CommandLine.Mixin
    ScoringOptions scoring;

    @Override
    public Integer call() {
        if (preds.size() != 2) {
            throw new LayoutLensCli.UsageException("--pred must be given exactly twice (A and B), got " + preds.size());
        }
        com.layoutlens.data.LabelSet labelSet = schema.resolve(null, preds.get(0), preds.get(1), scoring.goldLabels());
        Evaluator evaluator = scoring.evaluator(labelSet);
        EvalFolders folders = scoring.folders(labelSet);
        Matcher.Result a;
        Matcher.Result b;
        try {
            a = folders.match(preds.get(0));
            b = folders.match(preds.get(1));
        } catch (IOException e) {
            throw new LayoutLensCli.UsageException(e.getMessage());
        }
        List<Problem> problems = new ArrayList<>(a.problems());
        for (Problem p : b.problems()) {
            if (!problems.contains(p)) {
                problems.add(p);
            }
        }
        // a receipt one side lacks is reported at the file that side would have had
        Comparison c = Comparison.compare(evaluator, a.pairs(), b.pairs(), !folders.hasKeys(), problems,
                id -> preds.get(0).resolve(id + ".csv").toString(), id -> preds.get(1).resolve(id + ".csv").toString());
        PrintWriter out = out();
        PrintWriter err = err();
        if (c.a().receipts() == 0) {
            EvalOutput.printProblems(err, c.problems());
            throw new LayoutLensCli.UsageException("nothing to compare: no gold receipt has a matching prediction in both folders");
        }
        if (scoring.json) {
            out.println(EvaluationExport.comparisonJson(c, preds.get(0).toString(), preds.get(1).toString()));
        } else {
            EvalOutput.printProblems(err, c.problems());
            text(out, c);
        }
        out.flush();
        return 0;
    }

    private void text(PrintWriter out, Comparison c) {
        Evaluation a = c.a();
        Evaluation b = c.b();
        out.println("Gold: " + scoring.goldName() + "   A: " + preds.get(0) + "   B: " + preds.get(1));
        out.printf(Locale.ROOT, "%d receipts, %d words (the receipts both predictions cover)%n%n", a.receipts(), a.words());
        out.printf(Locale.ROOT, "  %-8s | %5s %5s %5s %7s | %5s %5s %5s %7s | %6s %6s %7s | %s%n", "label",
                "tp A", "fp A", "fn A", "F1 A", "tp B", "fp B", "fn B", "F1 B", "d fp", "d fn", "d F1", "McNemar p (correct / fp / fn)");
        a.labels().forEach((l, sa) -> {
            LabelScore sb = b.labels().get(l);
            Comparison.LabelTests t = c.tests().get(l);
            out.printf(Locale.ROOT, "  %-8s | %5d %5d %5d %7s | %5d %5d %5d %7s | %+6d %+6d %7s | %s / %s / %s%n", l,
                    sa.tp(), sa.fp(), sa.fn(), EvalOutput.pct(sa.f1()), sb.tp(), sb.fp(), sb.fn(), EvalOutput.pct(sb.f1()),
                    sb.fp() - sa.fp(), sb.fn() - sa.fn(), signed(sb.f1() - sa.f1()),
                    p(t.correct()), p(t.fp()), p(t.fn()));
        });
        LabelScore ma = a.micro();
        LabelScore mb = b.micro();
        out.printf(Locale.ROOT, "  %-8s | %5d %5d %5d %7s | %5d %5d %5d %7s | %+6d %+6d %7s | %s%n", "micro",
                ma.tp(), ma.fp(), ma.fn(), EvalOutput.pct(ma.f1()), mb.tp(), mb.fp(), mb.fn(), EvalOutput.pct(mb.f1()),
                mb.fp() - ma.fp(), mb.fn() - ma.fn(), signed(mb.f1() - ma.f1()), p(c.overall()) + " (all words)");
        out.println();
        FieldScores.Count fa = a.fields().fields().get(FieldScores.ALL);
        FieldScores.Count fb = b.fields().fields().get(FieldScores.ALL);
        out.println("| predictions | word F1 | span F1 | em | em_no_space | SROIE F1 |");
        out.println("| --- | --- | --- | --- | --- | --- |");
        out.printf(Locale.ROOT, "| A %s | %s | %s | %s | %s | %s |%n", preds.get(0), EvalOutput.pct(ma.f1()),
                EvalOutput.pct(a.entityMicro().f1()), EvalOutput.pct(fa.emRate()), EvalOutput.pct(fa.emNoSpaceRate()),
                EvalOutput.pct(a.fields().sroie().f1()));
        out.printf(Locale.ROOT, "| B %s | %s | %s | %s | %s | %s |%n", preds.get(1), EvalOutput.pct(mb.f1()),
                EvalOutput.pct(b.entityMicro().f1()), EvalOutput.pct(fb.emRate()), EvalOutput.pct(fb.emNoSpaceRate()),
                EvalOutput.pct(b.fields().sroie().f1()));
        out.printf(Locale.ROOT, "| B - A | %s | %s | %s | %s | %s |%n%n", signed(mb.f1() - ma.f1()),
                signed(b.entityMicro().f1() - a.entityMicro().f1()), signed(fb.emRate() - fa.emRate()),
                signed(fb.emNoSpaceRate() - fa.emNoSpaceRate()),
                signed(b.fields().sroie().f1() - a.fields().sroie().f1()));
        List<String> labels = a.labelSet().labels();
        EvalOutput.printMatrix(out, "Confusion matrix A (rows: gold, columns: predicted)", labels, a.confusion().matrix(), false);
        EvalOutput.printMatrix(out, "Confusion matrix B", labels, b.confusion().matrix(), false);
        EvalOutput.printMatrix(out, "B - A", labels, Confusion.difference(a.confusion(), b.confusion()), true);
        out.println();
        out.printf(Locale.ROOT, "McNemar, all words: only A right %d, only B right %d, p = %s (%s at 0.05)%n",
                c.overall().onlyA(), c.overall().onlyB(), p(c.overall()),
                c.overall().significant(0.05) ? "significant" : "not significant");
        group(out, "Only A right", c.onlyARight());
        group(out, "Only B right", c.onlyBRight());
        group(out, "Both wrong, different labels", c.bothWrong());
        out.printf(Locale.ROOT, "%nBoth wrong with the same label: %d words (not listed)%n", c.bothWrongSame());
    }

    private void group(PrintWriter out, String title, List<Comparison.Disagreement> ds) {
        out.printf(Locale.ROOT, "%n%s: %d word%s%s%n", title, ds.size(), ds.size() == 1 ? "" : "s",
                limit > 0 && ds.size() > limit ? " (first " + limit + ")" : "");
        if (ds.isEmpty()) {
            return;
        }
        out.printf(Locale.ROOT, "  %-12s %7s %5s  %-8s %-8s %6s %-8s %6s  %s%n", "receipt", "segment", "word", "gold",
                "A", "score", "B", "score", "text");
        int n = 0;
        for (Comparison.Disagreement d : ds) {
            if (limit > 0 && n++ >= limit) {
                break;
            }
            out.printf(Locale.ROOT, "  %-12s %7d %5d  %-8s %-8s %6s %-8s %6s  %s%n", Printable.of(d.receipt()), d.segment(),
                    d.word(), d.gold(), d.a(), score(d.scoreA()), d.b(), score(d.scoreB()), Printable.of(d.text()));
        }
    }

    private static String score(Double s) {
        return s == null ? "-" : String.format(Locale.ROOT, "%.3f", s);
    }

    private static String signed(double v) {
        return String.format(Locale.ROOT, "%+.2f", 100 * v);
    }

    private static String p(McNemar t) {
        double p = t.pValue();
        return p < 0.0001 ? "<0.0001" : String.format(Locale.ROOT, "%.4f", p);
    }
}
