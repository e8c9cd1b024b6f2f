package com.layoutlens.bench;

import com.layoutlens.data.Box;
import com.layoutlens.data.LabelRow;
import com.layoutlens.eval.CompanyTopRule;
import com.layoutlens.eval.Comparison;
import com.layoutlens.eval.Evaluation;
import com.layoutlens.eval.Evaluator;
import com.layoutlens.eval.ReceiptPair;
import com.layoutlens.eval.TotalKeywordRule;
import com.layoutlens.eval.WordError;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Speed of the evaluation once the files are read: 1,000 synthetic receipts of 120 words
 * (12 lines of 10 words) and two perturbed predictions. Each round times a full
 * evaluation (matrix, label, span and field scores), the same with both rules, the
 * comparison of the two predictions (two evaluations, McNemar tests, disagreement lists)
 * and one error list; it prints the best and median milliseconds of 20 rounds after 5
 * warm-up rounds. An optional argument sets the number of receipts.
 *
 * <p>Run from the repository root:
 * <pre>
 * mvn -B -q package -DskipTests &amp;&amp; mvn -B -q test-compile &amp;&amp; java -cp 'target/classes:target/test-classes:target/lib/*' com.layoutlens.bench.EvalBenchmark
 * </pre>
 */
public final class EvalBenchmark {

    private static final String[] LABELS = {"O", "COMPANY", "DATE", "ADDRESS", "TOTAL"};

    private EvalBenchmark() {
    }

    public static void main(String[] args) {
        int receipts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Random rnd = new Random(7);
        List<ReceiptPair> a = new ArrayList<>();
        List<ReceiptPair> b = new ArrayList<>();
        long words = 0;
        for (int r = 0; r < receipts; r++) {
            List<LabelRow> gold = new ArrayList<>();
            for (int line = 0; line < 12; line++) {
                for (int w = 0; w < 10; w++) {
                    String label = line < 2 ? "COMPANY" : line < 4 ? "ADDRESS" : line == 5 && w == 9 ? "DATE"
                            : line == 10 && w == 9 ? "TOTAL" : "O";
                    String text = line == 10 && w == 8 ? "TOTAL" : "w" + rnd.nextInt(1000);
                    gold.add(new LabelRow(line, w, new Box(10 + 60 * w, 20 + 25 * line + rnd.nextInt(3),
                            60 + 60 * w, 40 + 25 * line + rnd.nextInt(3)), text, label, null));
                }
            }
            words += gold.size();
            a.add(new ReceiptPair("r" + r, gold, perturb(gold, 0.1, rnd), Map.of("company", "x", "date", "y",
                    "address", "z", "total", "w")));
            b.add(new ReceiptPair("r" + r, gold, perturb(gold, 0.08, rnd), null));
        }
        Evaluator plain = Evaluator.sroie(List.of());
        Evaluator ruled = Evaluator.sroie(List.of(new TotalKeywordRule(), new CompanyTopRule()));
        int warm = 5, rounds = 20;
        String[] names = {"evaluate (matrix, scores, spans, fields)", "evaluate with total-keyword + company-top",
                "compare A/B (2 evaluations, McNemar, disagreements)", "TOTAL false-positive list", "full round"};
        long[][] times = new long[names.length][rounds];
        long sink = 0;
        for (int i = 0; i < warm + rounds; i++) {
            long t0 = System.nanoTime();
            Evaluation ea = plain.evaluate(a, false, List.of());
            long t1 = System.nanoTime();
            Evaluation er = ruled.evaluate(a, false, List.of());
            long t2 = System.nanoTime();
            Comparison c = Comparison.compare(plain, a, b, true, List.of());
            long t3 = System.nanoTime();
            List<WordError> fp = WordError.list(ea, "TOTAL", WordError.Kind.FP, WordError.Sort.SCORE);
            long t4 = System.nanoTime();
            sink += ea.confusion().total() + er.rules().size() + c.onlyARight().size() + fp.size();
            if (i >= warm) {
                long[] d = {t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0};
                for (int k = 0; k < d.length; k++) {
                    times[k][i - warm] = d[k];
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d receipts, %d words, %d rounds after %d warm-up (checksum %d)%n",
                receipts, words, rounds, warm, sink % 10);
        for (int k = 0; k < names.length; k++) {
            java.util.Arrays.sort(times[k]);
            System.out.printf(Locale.ROOT, "  %-55s best %7.1f ms   median %7.1f ms%n", names[k],
                    times[k][0] / 1e6, times[k][rounds / 2] / 1e6);
        }
    }

    private static List<LabelRow> perturb(List<LabelRow> gold, double rate, Random rnd) {
        List<LabelRow> out = new ArrayList<>(gold.size());
        for (LabelRow r : gold) {
            String l = rnd.nextDouble() < rate ? LABELS[rnd.nextInt(LABELS.length)] : r.label();
            out.add(r.withLabel(l, rnd.nextDouble()));
        }
        return out;
    }
}
