package com.layoutlens.cli;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.DatasetStats;
import com.layoutlens.data.GoldAligner;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.formats.ReceiptReader;
import com.layoutlens.eval.CompanyTopRule;
import com.layoutlens.eval.Rule;
import com.layoutlens.eval.RuleArguments;
import com.layoutlens.eval.RuleSupport;
import com.layoutlens.eval.RuleType;
import com.layoutlens.eval.Rules;
import com.layoutlens.eval.TotalKeywordRule;
import com.layoutlens.service.Hypotheses;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code stats}: the dataset statistics that justify (or refute) the post-processing rules. */
@Command(name = "stats",
        description = {"Dataset statistics: words per label, repeated TOTAL values, where COMPANY words sit, "
                + "what precedes TOTAL words, and how many gold words each post-processing rule would keep.",
                "Hypotheses of the report ('hypotheses' in JSON): bold_total (each word's stroke width measured on"
                        + " the scan: 2 x ink pixels / ink perimeter in its box after Otsu binarisation of the page;"
                        + " TOTAL against the median word of its receipt), total_keyword and company_top (the rules on"
                        + " the gold labels).",
                "Labels come from --labels, else DIR/labels, else they are aligned from the key files on the fly."},
        mixinStandardHelpOptions = true)
public final class StatsCommand extends CliCommand {
    @picocli.CommandLine.Mixin
    ReceiptsOption receipts = new ReceiptsOption();

    @Option(names = "--labels", paramLabel = "DIR", description = "label files to use (default: DIR/labels if present)")
    Path labels;

    /** Shorthands for a parameter of every measured rule that has it; null: each rule's default. */
    @Option(names = "--keywords", split = ",", paramLabel = "K", description = "the rules' 'keywords' (default: their own)")
    List<String> keywords;
    @Option(names = "--company-lines", paramLabel = "N", description = "the rules' 'lines' (default: their own)")
    Integer companyLines;

    @Option(names = "--weights", paramLabel = "FILE",
            description = "also write each word's stroke weight (the bold-TOTAL measure) as CSV:"
                    + " receipt,segment,word,text,label,weight,relative")
    Path weights;

    @Option(names = "--json", description = "print one JSON object on stdout")
    boolean json;

    @picocli.CommandLine.Mixin
    SchemaOption schema = new SchemaOption();

    @Override
    public Integer call() throws IOException {
        ReceiptReader reader = receipts.reader();
        Path labelDir = Formats.labelDir(reader, receipts.data(), labels); // checks --labels
        Dataset ds = Formats.read(reader, receipts.data(), schema, null, labels, false, null);
        // an earlier --weights file may be written again; any other file that is there is left alone
        String refusal = weights == null ? null : com.layoutlens.data.formats.OutputPlace.fileRefusal(weights, ds,
                StatsCommand::isWeightsFile);
        if (refusal != null) {
            throw new LayoutLensCli.UsageException("--weights: " + refusal);
        }
        LabelSet labelSet = ds.labelSet();
        DatasetStats stats = new DatasetStats(labelSet);
        GoldAligner aligner = new GoldAligner(labelSet);
        int aligned = 0;
        List<List<LabelRow>> all = new ArrayList<>();
        List<Receipt> measured = new ArrayList<>();
        List<Problem> problems = new ArrayList<>(ds.problems());
        Map<String, String> noGold = new LinkedHashMap<>();
        for (Receipt r : ds.receipts()) {
            if (r.noGold() != null) {
                // an unusable label file or key file: counting its words as O would bias every figure
                noGold.put(r.id(), r.noGold());
                problems.add(Problem.error(goldFile(ds, r, labelDir), 0,
                        "no gold labels (" + r.noGold() + "); receipt " + r.id() + " left out of the figures"));
                continue;
            }
            List<LabelRow> rows = r.labels();
            if (rows == null) {
                rows = aligner.align(r).rows();
                aligned++;
            }
            stats.add(r, rows);
            all.add(rows);
            measured.add(r);
        }
        Map<String, Object> m = stats.toMap();
        Map<String, Object> rules = new LinkedHashMap<>();
        for (RuleType type : Rules.types()) {
            rules.put(type.name(), support(rule(type), all, labelSet));
        }
        m.put("rules", rules);
        Hypotheses hypotheses = Hypotheses.measure(measured, all, labelSet, rule(TotalKeywordRule.TYPE),
                rule(CompanyTopRule.TYPE));
        m.put("hypotheses", hypotheses.toMap());
        if (weights != null) {
            writeWeights(weights, hypotheses.bold().words());
        }
        m.put("labels_source", Formats.labelsSource(ds, labelDir));
        m.put("receipts_aligned_on_the_fly", aligned);
        m.put("receipts_without_gold", noGold);
        m.put("receipts_skipped", ds.skipped());
        m.put("errors", Json.problems(problems));
        if (json) {
            out().println(Json.write(m));
            return 0;
        }
        print(m, out());
        if (!noGold.isEmpty() || !ds.skipped().isEmpty()) {
            out().printf("%nLeft out: %d receipt%s without gold labels, %d whose box file could not be read "
                            + "(see the problems)%n", noGold.size(), noGold.size() == 1 ? "" : "s", ds.skipped().size());
        }
        Progress.printProblems(problems, err());
        return 0;
    }

    /** The file a receipt's gold comes from: its label file, a SROIE folder's key file, else its source. */
    private static String goldFile(Dataset ds, Receipt r, Path labelDir) {
        if (r.labelIssue() != null && labelDir != null) {
            return labelDir.resolve(r.id() + ".csv").toString();
        }
        if (ds.format().equals(Dataset.FORMAT)) {
            return Dataset.keyFile(ds.dir().resolve(Dataset.KEY), r.id()).toString();
        }
        return ds.sources().of(r).stream().findFirst().orElse(ds.dir()).toString();
    }

    /** Every registered rule is measured, with its defaults unless an option sets one of its parameters. */
    private Rule rule(RuleType type) {
        RuleArguments args = type.arguments();
        try {
            if (keywords != null && type.parameter("keywords") != null) {
                args.setText("keywords", String.join("|", keywords));
            }
            if (companyLines != null && type.parameter("lines") != null) {
                args.setText("lines", String.valueOf(companyLines));
            }
            return type.create(args);
        } catch (IllegalArgumentException e) {
            throw new LayoutLensCli.UsageException(e.getMessage());
        }
    }

    private static final String WEIGHTS_HEADER = "receipt,segment,word,text,label,weight,relative";

    /** Whether the file starts as {@code --weights} writes one. */
    static boolean isWeightsFile(Path file) {
        try (var in = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            String first = in.readLine();
            return first != null && first.strip().equals(WEIGHTS_HEADER);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void writeWeights(Path file, List<com.layoutlens.data.BoldTotal.WordWeight> words) {
        StringBuilder sb = new StringBuilder(WEIGHTS_HEADER + "\r\n");
        for (var w : words) {
            sb.append(csv(w.receipt())).append(',').append(w.segment()).append(',').append(w.word()).append(',')
                    .append(csv(w.text())).append(',').append(w.label()).append(',')
                    .append(Double.isNaN(w.weight()) ? "" : String.format(java.util.Locale.ROOT, "%.4f", w.weight()))
                    .append(',')
                    .append(Double.isNaN(w.relative()) ? "" : String.format(java.util.Locale.ROOT, "%.4f", w.relative()))
                    .append("\r\n");
        }
        try {
            com.layoutlens.data.AtomicFiles.writeString(file, sb.toString());
        } catch (IOException e) {
            throw new LayoutLensCli.Failure(com.layoutlens.data.WriteErrors.cannotWrite(file, e));
        }
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** The rule applied to the gold labels: how much of them it keeps, measured by the rule's own code. */
    private static Map<String, Object> support(Rule rule, List<List<LabelRow>> gold, LabelSet labelSet) {
        return Hypotheses.support(rule, RuleSupport.of(rule, gold, labelSet.outside()));
    }

    @SuppressWarnings("unchecked")
    private static void print(Map<String, Object> m, PrintWriter o) {
        o.printf("%s receipts, %s segments, %s words (labels: %s)%n", m.get("receipts"), m.get("segments"),
                m.get("words"), com.layoutlens.data.Printable.of(String.valueOf(m.get("labels_source"))));
        o.println();
        o.println("Words per label:");
        Map<String, Integer> labels = (Map<String, Integer>) m.get("labels");
        Map<String, Integer> rec = (Map<String, Integer>) m.get("receipts_with_label");
        for (Map.Entry<String, Integer> e : labels.entrySet()) {
            o.printf("  %-8s %7d words in %d receipts%n", e.getKey(), e.getValue(), rec.get(e.getKey()));
        }
        Map<String, Object> occ = (Map<String, Object>) m.get("total_value_occurrences");
        o.println();
        o.printf("TOTAL value occurs more than once on %s of %s receipts (%.1f%%); words containing it: %s%n",
                occ.get("receipts_repeated"), occ.get("receipts_with_total_key"),
                100 * (double) occ.get("share_repeated"), occ.get("histogram"));
        Map<String, Object> comp = (Map<String, Object>) m.get("company_lines");
        o.println();
        o.printf("COMPANY words by visual line from the top (0 = first): %s%n", comp.get("line_histogram"));
        o.printf("First COMPANY line per receipt: %s%n", comp.get("first_line_histogram"));
        Map<String, Object> prec = (Map<String, Object>) m.get("total_preceded_by");
        o.println();
        o.printf("What precedes TOTAL words on their line (%s words):%n", prec.get("total_words"));
        for (Map<String, Object> e : (List<Map<String, Object>>) prec.get("left_neighbour")) {
            o.printf("  %-24s %5s%n", com.layoutlens.data.Printable.of((String) e.get("word")), e.get("count"));
        }
        Map<String, Map<String, Object>> rules = (Map<String, Map<String, Object>>) m.get("rules");
        o.println();
        o.println("Rules on these labels:");
        for (Map<String, Object> r : rules.values()) {
            o.printf("  %s: %s of %s %s words kept (%.1f%%), %s of %s %s values (%.1f%%); "
                            + "true positives it would delete: %s%n", r.get("rule"), r.get("words_satisfied"),
                    r.get("words_total"), r.get("label"), 100 * (double) r.get("words_share"), r.get("values_satisfied"),
                    r.get("values_total"), r.get("label"), 100 * (double) r.get("values_share"),
                    r.get("true_positives_deleted"));
        }
        printHypotheses((Map<String, Map<String, Object>>) m.get("hypotheses"), o);
    }

    @SuppressWarnings("unchecked")
    private static void printHypotheses(Map<String, Map<String, Object>> h, PrintWriter o) {
        o.println();
        o.println("Hypotheses of the report:");
        Map<String, Object> b = h.get("bold_total");
        o.printf(java.util.Locale.ROOT, "  bold TOTAL (%s): the TOTAL value is bolder than the median word of its receipt on %s of %s"
                        + " receipts (%.1f%%), bolder than the median other number on %s of %s (%.1f%%)%n",
                b.get("measure"), b.get("receipts_total_bolder_than_median_word"), b.get("receipts_with_total"),
                100 * (double) b.get("share_total_bolder_than_median_word"), b.get("receipts_total_bolder_than_median_number"),
                b.get("receipts_total_and_other_numbers"), 100 * (double) b.get("share_total_bolder_than_median_number"));
        o.printf(java.util.Locale.ROOT, "    for comparison, other numbers bolder than the median word of their receipt: %s of %s (%.1f%%)%n",
                b.get("other_numbers_bolder_than_median_word"), b.get("other_numbers"),
                100 * (double) b.get("share_other_numbers_bolder_than_median_word"));
        if (!((List<?>) b.get("receipts_image_unreadable")).isEmpty() || (int) b.get("receipts_without_image") > 0) {
            o.printf("    not measured: %s receipt(s) without a scan, scans not readable: %s%n",
                    b.get("receipts_without_image"),
                    com.layoutlens.data.Printable.of(String.valueOf(b.get("receipts_image_unreadable"))));
        }
        o.printf("    relative weight percentiles, TOTAL values:  %s%n", b.get("total_relative_percentiles"));
        o.printf("    relative weight percentiles, other numbers: %s (%s words)%n",
                b.get("other_numbers_relative_percentiles"), b.get("other_numbers"));
        Map<String, Object> hist = (Map<String, Object>) b.get("histogram");
        o.printf("    histogram bins %s%n      TOTAL         %s%n      other numbers %s%n", hist.get("bins"),
                hist.get("total"), hist.get("other_numbers"));
        for (String k : List.of("total_keyword", "company_top")) {
            Map<String, Object> r = h.get(k);
            o.printf(java.util.Locale.ROOT, "  %s (%s): %s of %s %s values (%.1f%%), %s of %s words (%.1f%%)%n",
                    r.get("claim"), r.get("rule"), r.get("values_satisfied"), r.get("values_total"), r.get("label"),
                    100 * (double) r.get("values_share"), r.get("words_satisfied"), r.get("words_total"),
                    100 * (double) r.get("words_share"));
        }
    }
}
