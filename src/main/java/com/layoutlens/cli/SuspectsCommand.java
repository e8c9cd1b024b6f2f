package com.layoutlens.cli;

import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Printable;
import com.layoutlens.data.Problem;
import com.layoutlens.eval.ConfidentLearning;
import com.layoutlens.eval.EvalFolders;
import com.layoutlens.eval.Matcher;
import com.layoutlens.eval.SuspectedErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code suspects}: gold words whose label is probably wrong, by confident learning. */
@Command(name = "suspects", mixinStandardHelpOptions = true,
        description = {"Lists gold words whose label is probably wrong, most likely first, with receipt, segment,"
                + " word, text, gold label, suggested label and confidence. The predictions must carry the"
                + " probability columns of 'predict --probs'.",
                "Method: confident learning (Northcutt, Jiang, Chuang 2021) on entity types (a tag's B-/I-/E-/S-"
                        + " prefix aside; a type's probability is the sum of its tags'). Per type, the threshold is"
                        + " the mean self-confidence of the words whose gold label is that type (the mean of their"
                        + " probability of it). A word's confident type is, among the types whose probability"
                        + " reaches their threshold, the most probable one; the confident joint counts words by"
                        + " gold and confident type, and the words off its diagonal are the suspects, the confident"
                        + " type suggested. They are ranked by self-confidence, the probability of the gold"
                        + " type, lowest first; confidence is one minus it.",
                "Honest results need out-of-sample probabilities: predictions by a model that did not train on"
                        + " these receipts. A model's own training receipts mostly agree with their labels,"
                        + " wrong ones included."},
        footer = {"", "Example: predict --model M --data DIR --out pred --probs; "
                + "suspects --gold DIR/labels --pred pred --top 20"})
public final class SuspectsCommand extends CliCommand {

    @CommandLine.Mixin
    SchemaOption schema = new SchemaOption();

    @CommandLine.Mixin
    GoldOptions gold = new GoldOptions();

    @Option(names = "--pred", required = true, paramLabel = "LABEL_DIR",
            description = "Folder of predicted label files with p_TAG columns (predict --probs).")
    Path pred;

    @Option(names = "--top", defaultValue = "0", paramLabel = "N", description = "Show at most N suspects (0: all).")
    int top;

    @Option(names = "--json", description = "Print one JSON object on stdout: {\"suspects\": [...]} and counts.")
    boolean json;

    @Override
    public Integer call() {
        if (top < 0) {
            throw new LayoutLensCli.UsageException("--top must be 0 (all) or more, got " + top);
        }
        LabelSet labelSet = schema.resolve(null, pred, gold.labels());
        EvalFolders folders = gold.folders(labelSet, null);
        PrintWriter out = out();
        PrintWriter err = err();
        Matcher.Result m = EvalOutput.match(folders, pred, err,
                "nothing to check: no gold receipt has a matching prediction in " + pred);
        SuspectedErrors.Result found = SuspectedErrors.find(labelSet, m.pairs());
        long without = found.withoutProbs();
        if (found.words() == 0) {
            EvalOutput.printProblems(err, m.problems());
            throw new LayoutLensCli.UsageException("the predictions in " + Printable.of(pred.toString())
                    + " have no probability columns (p_TAG): write them with 'predict --probs'");
        }
        List<Problem> problems = new ArrayList<>(m.problems());
        if (without > 0) {
            problems.add(Problem.warning(pred.toString(), 0, without + " predicted words without probability columns;"
                    + " their gold labels were not checked"));
        }
        ConfidentLearning.Result<SuspectedErrors.Word> r = found.learning();
        List<ConfidentLearning.Suspect<SuspectedErrors.Word>> shown = top > 0 && r.suspects().size() > top
                ? r.suspects().subList(0, top) : r.suspects();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("method", "confident learning: off-diagonal words of the confident joint, by self-confidence");
            o.put("schema", labelSet.name());
            o.put("words", found.words());
            o.put("count", r.suspects().size());
            Map<String, Object> thresholds = new LinkedHashMap<>();
            for (int j = 0; j < labelSet.size(); j++) {
                thresholds.put(labelSet.label(j), Double.isNaN(r.thresholds()[j]) ? null : r.thresholds()[j]);
            }
            o.put("thresholds", thresholds);
            List<Object> list = new ArrayList<>();
            for (ConfidentLearning.Suspect<SuspectedErrors.Word> s : shown) {
                Map<String, Object> w = new LinkedHashMap<>();
                w.put("receipt", s.item().id().receipt());
                w.put("segment", s.item().id().gold().segment());
                w.put("word", s.item().id().gold().word());
                w.put("text", s.item().id().gold().text());
                w.put("gold", labelSet.label(s.item().given()));
                w.put("suggested", labelSet.label(s.suggested()));
                w.put("confidence", s.confidence());
                list.add(w);
            }
            o.put("suspects", list);
            o.put("problems", Json.problems(problems));
            out.println(Json.write(o));
        } else {
            EvalOutput.printProblems(err, problems);
            out.printf(Locale.ROOT, "%d suspected label errors among %d words (confident learning; by self-confidence,"
                    + " lowest first)%s%n", r.suspects().size(), found.words(),
                    shown.size() < r.suspects().size() ? "; first " + shown.size() : "");
            out.printf(Locale.ROOT, "%-12s %7s %5s  %-24s %-9s %-9s %10s%n", "receipt", "segment", "word", "text",
                    "gold", "suggested", "confidence");
            for (ConfidentLearning.Suspect<SuspectedErrors.Word> s : shown) {
                LabelRow g = s.item().id().gold();
                out.printf(Locale.ROOT, "%-12s %7d %5d  %-24s %-9s %-9s %10.4f%n",
                        Printable.of(s.item().id().receipt()), g.segment(), g.word(), Printable.of(g.text()),
                        labelSet.label(s.item().given()), labelSet.label(s.suggested()), s.confidence());
            }
        }
        out.flush();
        return 0;
    }
}
