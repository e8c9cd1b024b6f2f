package com.layoutlens.cli;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.GoldAligner;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Printable;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.WriteErrors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code align}: gold word labels from the key files, one label file per receipt. */
@Command(name = "align",
        description = {"Derive gold word labels from the key files of a receipt folder (any readable format, see --format; "
                + "only SROIE folders have key files) and write "
                + "one label file per receipt.",
                "Matching is case- and whitespace-insensitive, crosses segments, tolerates OCR noise "
                        + "(edit distance), and labels one occurrence of a repeated value (see the README).",
                "A receipt without usable gold values (its key file missing, a folder, a FIFO, a dangling link, "
                        + "ambiguous or empty JSON) gets no label file and is named; so is one whose box file is over "
                        + "the limits (README, 'Receipt folders')."},
        footer = {"", "Exit codes: 0 every receipt labelled; 1 a receipt was left without a label file; 2 usage error."},
        mixinStandardHelpOptions = true)
public final class AlignCommand extends CliCommand {
    @picocli.CommandLine.Mixin
    ReceiptsOption receipts = new ReceiptsOption();

    @picocli.CommandLine.Mixin
    LabelOutputOptions output;

    @Option(names = "--labels-schema", paramLabel = "FILE", description = "a label set JSON (the same as --schema FILE)")
    Path labelsSchema;

    @picocli.CommandLine.Mixin
    SchemaOption schema = new SchemaOption();

    @Override
    public Integer call() throws IOException {
        // align writes gold in the schema's scheme: B-/I- (bio) or S-/B-/I-/E- (iobes)
        LabelSet labelSet = schema.given() != null ? schema.given()
                : labelsSchema == null ? LabelSet.sroie() : LabelSet.load(labelsSchema);
        PrintWriter err = err();
        // the folder's own gold labels are what align makes: data/labels is its to write
        Dataset ds = output.readReceipts(receipts.reader(), receipts.data(), labelSet, err, Dataset.LABELS);
        Path out = output.out;
        boolean json = output.json;
        GoldAligner aligner = new GoldAligner(labelSet);
        GoldAligner.Coverage coverage = new GoldAligner.Coverage();
        List<Problem> problems = new ArrayList<>(ds.problems());
        List<Map<String, Object>> unaligned = new ArrayList<>();
        List<Map<String, Object>> noGold = new ArrayList<>();
        int segments = 0;
        int words = 0;
        int done = 0;
        int notWritten = 0;
        var bar = json ? null : Progress.bar("aligning", err);
        for (Receipt r : ds.receipts()) {
            done++;
            if (r.keys() == null) {
                // without gold values every word would come out O: say so instead of writing that
                Map<String, Object> u = new LinkedHashMap<>();
                u.put("receipt", r.id());
                u.put("reason", r.keyIssue());
                noGold.add(u);
                // a SROIE receipt's key file; another format has none: the file the receipt was read from
                Path where = ds.format().equals(Dataset.FORMAT)
                        ? Dataset.keyFile(receipts.data().resolve(Dataset.KEY), r.id())
                        : ds.sources().of(r).stream().findFirst().orElse(ds.dir());
                problems.add(Problem.error(where.toString(), 0,
                        "no gold values (" + r.keyIssue() + "); no label file written for receipt " + r.id()));
                if (bar != null) {
                    bar.accept(done, ds.receipts().size());
                }
                continue;
            }
            segments += r.segments().size();
            GoldAligner.Result res = aligner.align(r);
            words += res.rows().size();
            for (GoldAligner.FieldResult f : res.fields()) {
                coverage.add(f);
                if (f.status() == GoldAligner.Status.NOT_FOUND) {
                    Map<String, Object> u = new LinkedHashMap<>();
                    u.put("receipt", r.id());
                    u.put("field", f.field());
                    u.put("value", f.value());
                    u.put("in_ocr", f.inOcr());
                    u.put("reason", f.reason());
                    unaligned.add(u);
                }
            }
            Path file = out.resolve(r.id() + ".csv");
            try {
                LabelFile.write(file, res.rows());
            } catch (IOException e) {
                notWritten++;
                problems.add(Problem.error(file.toString(), 0, WriteErrors.cannotWrite(file, e)));
            }
            if (bar != null) {
                bar.accept(done, ds.receipts().size());
            }
        }
        int[] sum = coverage.sum();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("data", receipts.data().toString());
            o.put("out", out.toString());
            o.put("receipts", ds.receipts().size() - noGold.size());
            o.put("receipts_without_gold", noGold);
            o.put("receipts_skipped", ds.skipped());
            o.put("ocr_corrected", ds.ocrCorrected().stream().map(Receipt::id).toList());
            o.put("segments", segments);
            o.put("words", words);
            o.put("written", ds.receipts().size() - noGold.size() - notWritten);
            o.put("not_written", notWritten);
            o.put("errors", Json.problems(problems));
            putCoverage(o, "fields_", sum);
            Map<String, Object> per = new LinkedHashMap<>();
            for (Map.Entry<String, int[]> e : coverage.counts().entrySet()) {
                int[] c = e.getValue();
                Map<String, Object> f = new LinkedHashMap<>();
                putCoverage(f, "", c);
                per.put(e.getKey(), f);
            }
            o.put("fields", per);
            o.put("unaligned", unaligned);
            out().println(Json.write(o));
        } else {
            PrintWriter o = out();
            o.printf("%d receipts, %d segments, %d words -> %s%n", ds.receipts().size() - noGold.size(), segments, words,
                    Printable.of(out.toString()));
            if (ds.ocrCorrectionsNote() != null) {
                o.println(Printable.of(ds.ocrCorrectionsNote()));
            }
            o.printf("%-10s %7s %8s %7s %7s %9s %13s%n", "field", "fields", "aligned", "exact", "fuzzy", "coverage",
                    "in-OCR cover.");
            for (Map.Entry<String, int[]> e : coverage.counts().entrySet()) {
                int[] c = e.getValue();
                o.printf("%-10s %7d %8d %7d %7d %8.1f%% %12.1f%%%n", e.getKey(), c[0], c[1], c[2], c[3],
                        100 * ratio(c[1], c[0]), 100 * ratio(c[5], c[4]));
            }
            o.printf("%-10s %7d %8d %7d %7d %8.1f%% %12.1f%%%n", "all", sum[0], sum[1], sum[2], sum[3],
                    100 * ratio(sum[1], sum[0]), 100 * ratio(sum[5], sum[4]));
            if (!unaligned.isEmpty()) {
                o.println();
                o.println("Not aligned (" + unaligned.size() + "):");
                for (Map<String, Object> u : unaligned) {
                    o.printf("  %s %-8s '%s': %s%n", Printable.of((String) u.get("receipt")), u.get("field"),
                            Printable.of((String) u.get("value")), Printable.of((String) u.get("reason")));
                }
            }
            if (!noGold.isEmpty()) {
                o.println();
                o.println("Without gold values, no label file written (" + noGold.size() + "):");
                for (Map<String, Object> u : noGold) {
                    o.printf("  %s: %s%n", Printable.of((String) u.get("receipt")), Printable.of((String) u.get("reason")));
                }
            }
            Progress.printProblems(problems, err);
            if (notWritten > 0) {
                err.printf("%d of %d label files could not be written%n", notWritten, ds.receipts().size() - noGold.size());
            }
        }
        // a receipt left without a label file is work not done
        return noGold.isEmpty() && ds.skipped().isEmpty() && notWritten == 0 ? 0 : LayoutLensCli.FAILED;
    }

    static double ratio(int a, int b) {
        return b == 0 ? 0.0 : (double) a / b;
    }

    /**
     * One set of alignment counts in the JSON summary (total, aligned, exact, fuzzy, in_ocr,
     * in_ocr_aligned, each named with {@code prefix}) and the two coverages they give.
     */
    private static void putCoverage(Map<String, Object> o, String prefix, int[] c) {
        String[] names = {"total", "aligned", "exact", "fuzzy", "in_ocr", "in_ocr_aligned"};
        for (int i = 0; i < names.length; i++) {
            o.put(prefix + names[i], c[i]);
        }
        o.put("coverage", ratio(c[1], c[0]));
        o.put("coverage_in_ocr", ratio(c[5], c[4]));
    }
}
