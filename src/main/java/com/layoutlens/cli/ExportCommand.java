package com.layoutlens.cli;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.GoldAligner;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.formats.ReceiptFormats;
import com.layoutlens.data.formats.ReceiptReader;
import com.layoutlens.data.formats.ReceiptWriter;
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
import java.util.concurrent.Callable;

/** {@code export}: a receipt folder, with gold or predicted labels, written in another format. */
@Command(name = "export",
        description = {"Writes a receipt folder (any readable format, see --data-format) in another format.",
                "Labels come from --labels (gold or predicted), else the folder's own (a SROIE folder's DIR/labels,"
                        + " else its labels aligned from the key files; another format's labels)."},
        mixinStandardHelpOptions = true)
public final class ExportCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "receipt folder")
    Path data;

    @Option(names = "--data-format", defaultValue = ReceiptFormats.AUTO, paramLabel = "auto|NAME",
            completionCandidates = Formats.ReaderNames.class,
            description = "format of DIR: auto (default: detected) or one of ${COMPLETION-CANDIDATES}")
    String dataFormat;

    @Option(names = "--labels", paramLabel = "DIR", description = "label files to export (default: DIR/labels if present)")
    Path labels;

    @Option(names = "--format", required = true, paramLabel = "NAME", completionCandidates = Formats.WriterNames.class,
            description = "the format to write: ${COMPLETION-CANDIDATES} (sroie-keys: SROIE task-3 key files;"
                    + " hf: data.jsonl + labels.json)")
    String format;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "folder to write (not inside DIR)")
    Path out;

    @Option(names = "--json", description = "print the summary as one JSON object on stdout")
    boolean json;

    @picocli.CommandLine.Mixin
    SchemaOption schema = new SchemaOption();

    @Override
    public Integer call() throws IOException {
        if (labels != null) {
            LayoutLensCli.requireFolder(labels);
        }
        Formats.requireOutside(out, data);
        ReceiptReader reader = Formats.reader("--data-format", dataFormat, data);
        Path labelDir = Formats.labelDir(reader, data, labels);
        Dataset ds = Formats.read(reader, data, schema, null, labels, false, null);
        LabelSet labelSet = ds.labelSet();
        ReceiptWriter writer = Formats.writer(format, labelSet);
        boolean fromFiles = labelDir == null || Files.isDirectory(labelDir);
        List<Problem> problems = new ArrayList<>(ds.problems());
        List<Receipt> receipts = new ArrayList<>();
        GoldAligner aligner = fromFiles ? null : new GoldAligner(labelSet);
        for (Receipt r : ds.receipts()) {
            List<LabelRow> rows = r.labels();
            if (rows == null && aligner != null && r.keys() != null) {
                rows = aligner.align(r).rows();
            }
            if (rows != null) {
                rows = inScheme(rows, labelSet);
            }
            receipts.add(new Receipt(r.id(), r.image(), r.width(), r.height(), r.segments(), r.keys(), rows,
                    r.keyIssue(), r.labelIssue(), r.ocrEdits()));
        }
        problems.addAll(writer.write(receipts, labelSet, out));
        if (writer instanceof com.layoutlens.data.formats.SroieFolderWriter && ds.format().equals(Dataset.FORMAT)) {
            problems.addAll(com.layoutlens.data.formats.SroieFolderWriter.keepCorrections(data, receipts, out));
        }
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("format", writer.name());
            m.put("data", data.toString());
            m.put("out", out.toString());
            m.put("receipts", receipts.size());
            m.put("labels", Formats.labelsSource(ds, labelDir));
            m.put("schema", labelSet.name());
            m.put("errors", Json.problems(problems));
            o.println(Json.write(m));
            return problems.stream().anyMatch(Problem::isError) ? LayoutLensCli.FAILED : 0;
        }
        o.printf("%s: %d receipt%s of %s written to %s (labels: %s, schema %s)%n", writer.name(), receipts.size(),
                receipts.size() == 1 ? "" : "s", data, out,
                Formats.labelsSource(ds, labelDir), labelSet.name());
        return Formats.report(problems, spec.commandLine().getErr());
    }

    /**
     * The rows with their tags in the schema's scheme: labels of the schema's types written in
     * another scheme (IO gold exported with a BIO schema, BIO labels with an IOBES one) are
     * converted as seqeval reads their entities, not left for the writer to refuse.
     */
    static List<LabelRow> inScheme(List<LabelRow> rows, LabelSet labelSet) {
        List<String> tags = rows.stream().map(LabelRow::label).toList();
        List<String> converted = com.layoutlens.data.Chunks.convert(tags, labelSet, labelSet);
        if (converted.equals(tags)) {
            return rows;
        }
        List<LabelRow> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            LabelRow row = rows.get(i);
            out.add(converted.get(i).equals(row.label()) ? row : row.withLabel(converted.get(i), row.score()));
        }
        return out;
    }
}
