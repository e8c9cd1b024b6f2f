package com.layoutlens.cli;

import com.layoutlens.service.EvaluationExport;

import com.layoutlens.eval.EvalFolders;
import com.layoutlens.eval.Evaluation;
import com.layoutlens.eval.Evaluator;
import com.layoutlens.eval.Matcher;
import com.layoutlens.eval.Rules;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code evaluate}: predicted label files against gold ones. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {
                "Compares predicted label files with gold ones (matched by file name and by (segment, word)):"
                        + " word-level confusion matrix (on entity types, tag prefixes stripped), per-type and micro precision / recall / F1,"
                        + " entity-level scores as seqeval computes them (default mode: entities; strict mode: entities_strict),"
                        + " field exact match (em, em_no_space) and the SROIE task-3 measure.",
                "A prediction that is missing or whose words differ from the gold words is reported"
                        + " (stderr, or 'problems' in JSON) and left out; it is never counted as O.",
                "A gold or predicted label file that cannot be read as a whole (a wrong header, over the size"
                        + " limit, not a regular file) leaves its receipt out, never counted as a receipt without words.",
                "Field values are decoded from the labels: COMPANY and ADDRESS join all their words in"
                        + " file order; DATE and TOTAL take the span with the best mean score (ties: first"
                        + " DATE, last TOTAL).",
                "Each wrong word gets one cause, the first that applies in this order ('causes' in JSON, per"
                        + " label: its false positive and false negative words by cause):"
                        + " ocr (the gold value is not in the OCR text; needs --keys),"
                        + " alignment (the value occurs several times; gold picked one occurrence, the model another),"
                        + " boundary (the predicted entity overlaps the gold one but starts or ends elsewhere),"
                        + " type (another entity type on the word), missed, spurious.",
                "With --pred-keys KEY_DIR instead of --pred: predicted key files (a SROIE task-3 submission, ID.txt"
                        + " as export --format sroie-keys writes it) scored against the gold key files (--keys KEY_DIR,"
                        + " else the key/ folder of --data DIR or of the folder above --gold) as the task's scorer does: em and em_no_space per field,"
                        + " precision / recall / F1 over all (field, value) pairs."},
        footer = {"", "Exit codes: 0 done (problems are reported, not fatal);",
                "  2 usage error, or nothing to evaluate."})
public final class EvaluateCommand implements Callable<Integer> {

    CommandLine.Model.CommandSpec spec;

    /** Takes the command's spec and puts the rules' help, read from the rule registry, above the footer. */
    @CommandLine.Spec
    void spec(CommandLine.Model.CommandSpec spec) {
        this.spec = spec;
        java.util.List<String> footer = new java.util.ArrayList<>(java.util.List.of(spec.usageMessage().footer()));
        if (!footer.containsAll(Rules.help())) {
            footer.addAll(1, Rules.help());
            spec.usageMessage().footer(footer.toArray(new String[0]));
        }
    }

    @CommandLine.Mixin
    SchemaOption schema = new SchemaOption();

    @Option(names = "--pred", paramLabel = "LABEL_DIR", description = "Folder of predicted label files (ID.csv).")
    Path pred;

    @Option(names = "--pred-keys", paramLabel = "KEY_DIR",
            description = "Instead of --pred: folder of predicted key files (ID.txt or ID.json, company, date, address,"
                    + " total) scored against the gold key files.")
    Path predKeys;

    @CommandLine.Mixin
    ScoringOptions scoring;

    @Override
    public Integer call() {
        if ((pred == null) == (predKeys == null)) {
            throw new LayoutLensCli.UsageException("give the predictions with --pred LABEL_DIR or --pred-keys KEY_DIR"
                    + " (one of them)");
        }
        if (predKeys != null) {
            return scoreKeys();
        }
        com.layoutlens.data.LabelSet labelSet = schema.resolve(null, pred, scoring.goldLabels());
        Evaluator evaluator = scoring.evaluator(labelSet);
        EvalFolders folders = scoring.folders(labelSet);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Matcher.Result m = EvalOutput.match(folders, pred, err, "nothing to evaluate: no gold receipt has a matching prediction in "
                    + pred + " (" + folders.goldFiles() + " gold files in " + scoring.goldName() + ")");
        Evaluation e = evaluator.evaluate(m.pairs(), !folders.hasKeys(), m.problems());
        if (scoring.json) {
            out.println(EvaluationExport.evaluationJson(e));
        } else {
            EvalOutput.printProblems(err, e.problems());
            out.println("Gold: " + scoring.goldName() + "   predictions: " + pred + "   schema: " + e.labelSet());
            String corrected = scoring.receiptFolder() == null ? null
                    : com.layoutlens.data.Dataset.correctionsNote(scoring.receiptFolder());
            if (corrected != null) {
                out.println(com.layoutlens.data.Printable.of(corrected) + "; both label files name the corrected words");
            }
            EvalOutput.printEvaluation(out, e, pred.getFileName() == null ? pred.toString() : pred.getFileName().toString());
            out.println();
            EvalOutput.printCauses(out, com.layoutlens.eval.ErrorCauses.of(e));
            if (!e.problems().isEmpty()) {
                out.println();
                out.println(e.problems().size() + " problem(s) reported on stderr.");
            }
        }
        out.flush();
        return 0;
    }

    /** {@code --pred-keys}: key files against the gold key files. */
    private int scoreKeys() {
        Path folder = scoring.receiptFolder();
        Path goldKeys = scoring.keys != null ? scoring.keys
                : folder != null ? folder.resolve(com.layoutlens.data.Dataset.KEY) : null;
        if (goldKeys == null) {
            throw new LayoutLensCli.UsageException("--pred-keys needs the gold key files: --keys KEY_DIR or --data DIR"
                    + " (its key/ folder; or the folder above --gold LABEL_DIR)");
        }
        com.layoutlens.eval.KeyScoring.Result r;
        try {
            r = com.layoutlens.eval.KeyScoring.score(predKeys, goldKeys);
        } catch (java.io.IOException e) {
            throw new LayoutLensCli.UsageException(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (r.scores().receipts() == 0) {
            EvalOutput.printProblems(err, r.problems());
            throw new LayoutLensCli.UsageException("nothing to evaluate: no gold key file in " + goldKeys
                    + " has a usable prediction in " + predKeys);
        }
        if (scoring.json) {
            out.println(EvaluationExport.keyScoresJson(r));
        } else {
            EvalOutput.printProblems(err, r.problems());
            out.println("Gold: " + goldKeys + "   predicted key files: " + predKeys);
            out.printf(java.util.Locale.ROOT, "%d receipts%n%n", r.scores().receipts());
            EvalOutput.printFields(out, r.scores(), "from the key files");
            if (!r.problems().isEmpty()) {
                out.println();
                out.println(r.problems().size() + " problem(s) reported on stderr.");
            }
        }
        out.flush();
        return 0;
    }
}
