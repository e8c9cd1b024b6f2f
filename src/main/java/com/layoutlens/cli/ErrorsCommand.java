package com.layoutlens.cli;

import com.layoutlens.service.EvaluationExport;

import com.layoutlens.eval.ErrorCause;
import com.layoutlens.eval.ErrorCauses;
import com.layoutlens.eval.EvalFolders;
import com.layoutlens.eval.Evaluation;
import com.layoutlens.eval.Evaluator;
import com.layoutlens.eval.Matcher;
import com.layoutlens.eval.WordError;

import com.layoutlens.data.Printable;
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

/** {@code errors}: the false positives or false negatives of one label, word by word. */
@Command(name = "errors", mixinStandardHelpOptions = true,
        description = "Lists the false positives (predicted LABEL, gold another) or false negatives (gold LABEL,"
                + " predicted another) of one label with receipt, position, text, score and the error's cause"
                + " (ocr, alignment, boundary, type, missed, spurious: see 'evaluate --help').",
        footer = {"", "Example: errors --gold labels --pred predictions --label TOTAL --kind fp --sort score"})
public final class ErrorsCommand extends CliCommand {

    @CommandLine.Mixin
    SchemaOption schema = new SchemaOption();

    @Option(names = "--pred", required = true, paramLabel = "LABEL_DIR", description = "Folder of predicted label files.")
    Path pred;

    @Option(names = "--label", required = true, description = "The entity type (COMPANY, DATE, ADDRESS or TOTAL for the SROIE schemas);"
            + " a word counts by its type, B-/I- prefixes aside.")
    String label;

    @Option(names = "--kind", defaultValue = "fp", description = "fp (false positives) or fn (false negatives); default ${DEFAULT-VALUE}.")
    String kind;

    @Option(names = "--sort", defaultValue = "score",
            description = "score (most confident first), receipt or text; default ${DEFAULT-VALUE}.")
    String sort;

    @Option(names = "--limit", defaultValue = "0", description = "Show at most this many (0: all).")
    int limit;

    @Option(names = "--cause", paramLabel = "CAUSE",
            description = "Only errors of this cause: ocr, alignment, boundary, type, missed or spurious"
                    + " ('evaluate --help' says how each is decided).")
    String cause;

    @CommandLine.Mixin
    ScoringOptions scoring;

    @Override
    public Integer call() {
        WordError.Kind k = parse(WordError.Kind.class, kind, "--kind");
        WordError.Sort s = parse(WordError.Sort.class, sort, "--sort");
        String lab = label.strip().toUpperCase(Locale.ROOT);
        com.layoutlens.data.LabelSet labelSet = schema.resolve(null, pred, scoring.goldLabels());
        Evaluator evaluator = scoring.evaluator(labelSet);
        if (!evaluator.labelSet().entityLabels().contains(lab)) {
            throw new LayoutLensCli.UsageException("--label: '" + label + "' is not one of "
                    + String.join(", ", evaluator.labelSet().entityLabels()));
        }
        ErrorCause only = null;
        if (cause != null) {
            only = ErrorCause.of(cause);
            if (only == null) {
                throw new LayoutLensCli.UsageException("--cause: '" + cause + "' is not one of "
                        + String.join(", ", java.util.Arrays.stream(ErrorCause.values()).map(ErrorCause::id).toList()));
            }
        }
        EvalFolders folders = scoring.folders(labelSet);
        PrintWriter out = out();
        PrintWriter err = err();
        Matcher.Result m = EvalOutput.match(folders, pred, err, "nothing to evaluate: no gold receipt has a matching prediction in " + pred);
        Evaluation e = evaluator.evaluate(m.pairs(), false, m.problems());
        ErrorCauses causes = ErrorCauses.of(e);
        List<WordError> all = new ArrayList<>();
        for (WordError w : WordError.list(e, lab, k, s)) {
            if (only == null || only == causes.cause(w.receipt(), w.segment(), w.word())) {
                all.add(w);
            }
        }
        List<WordError> shown = limit > 0 && all.size() > limit ? all.subList(0, limit) : all;
        if (scoring.json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("label", lab);
            o.put("kind", k.name().toLowerCase(Locale.ROOT));
            o.put("cause", only == null ? null : only.id());
            o.put("count", all.size());
            List<Object> list = new ArrayList<>();
            shown.forEach(w -> list.add(EvaluationExport.error(w, causes.cause(w.receipt(), w.segment(), w.word()))));
            o.put("errors", list);
            o.put("problems", Json.problems(e.problems()));
            out.println(Json.write(o));
        } else {
            EvalOutput.printProblems(err, e.problems());
            out.printf(Locale.ROOT, "%d %s %s%s (%s) in %d receipts%s%n", all.size(), lab,
                    k == WordError.Kind.FP ? "false positives" : "false negatives",
                    only == null ? "" : " of cause " + only.id(),
                    k == WordError.Kind.FP ? "predicted " + lab + ", gold another label" : "gold " + lab + ", predicted another",
                    e.receipts(), shown.size() < all.size() ? "; first " + shown.size() + " by " + s.name().toLowerCase(Locale.ROOT) : "");
            out.printf(Locale.ROOT, "%-12s %7s %5s  %-9s %-9s %6s %6s  %-9s  %s%n", "receipt", "segment", "word", "gold",
                    "predicted", "score", "entity", "cause", "text");
            for (WordError w : shown) {
                ErrorCause c = causes.cause(w.receipt(), w.segment(), w.word());
                out.printf(Locale.ROOT, "%-12s %7d %5d  %-9s %-9s %6s %6s  %-9s  %s%n", Printable.of(w.receipt()), w.segment(), w.word(),
                        w.gold(), w.predicted(), w.score() == null ? "-" : String.format(Locale.ROOT, "%.3f", w.score()),
                        w.entityScore() == null ? "-" : String.format(Locale.ROOT, "%.3f", w.entityScore()),
                        c == null ? "-" : c.id(), Printable.of(w.text()));
            }
        }
        out.flush();
        return 0;
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value, String option) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value.strip())) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw new LayoutLensCli.UsageException(option + ": '" + value + "' is not one of " + String.join(", ", names));
    }
}
