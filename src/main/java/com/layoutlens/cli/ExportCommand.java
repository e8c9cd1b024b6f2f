package com.layoutlens.cli;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.GoldAligner;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.formats.ReceiptWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code export}: a receipt folder, with gold or predicted labels, written in another format. */
@Command(name = "export",
        description = {"Writes a receipt folder (SROIE layout) in another format.",
                "Labels come from --labels (gold or predicted), else DIR/labels, else they are aligned from the"
                        + " key files. Formats: " + Formats.WRITERS + "."},
        mixinStandardHelpOptions = true)
public final class ExportCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "receipt folder (SROIE layout)")
    Path data;

    @Option(names = "--labels", paramLabel = "DIR", description = "label files to export (default: DIR/labels if present)")
    Path labels;

    @Option(names = "--format", required = true, paramLabel = "NAME", description = "sroie-keys or hf")
    String format;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "folder to write (not inside DIR)")
    Path out;

    @picocli.CommandLine.Mixin
    SchemaOption schema = new SchemaOption();

    @Override
    public Integer call() throws IOException {
        LayoutLensCli.requireFolder(data);
        if (labels != null) {
            LayoutLensCli.requireFolder(labels);
        }
        Formats.requireOutside(out, data);
        Path labelDir = labels != null ? labels : data.resolve(Dataset.LABELS);
        LabelSet labelSet = schema.resolve(null, labelDir);
        ReceiptWriter writer = Formats.writer(format, labelSet);
        Dataset ds;
        try {
            ds = Dataset.load(data, labelSet, labelDir, null);
        } catch (IOException e) {
            throw new LayoutLensCli.UsageException(e.getMessage());
        }
        boolean fromFiles = Files.isDirectory(labelDir);
        List<Problem> problems = new ArrayList<>(ds.problems());
        List<Receipt> receipts = new ArrayList<>();
        GoldAligner aligner = fromFiles ? null : new GoldAligner(labelSet);
        for (Receipt r : ds.receipts()) {
            List<LabelRow> rows = r.labels();
            if (rows == null && aligner != null && r.keys() != null) {
                rows = aligner.align(r).rows();
            }
            receipts.add(new Receipt(r.id(), r.image(), r.width(), r.height(), r.segments(), r.keys(), rows,
                    r.keyIssue(), r.labelIssue(), r.ocrEdits()));
        }
        problems.addAll(writer.write(receipts, labelSet, out));
        PrintWriter o = spec.commandLine().getOut();
        o.printf("%s: %d receipt%s of %s written to %s (labels: %s, schema %s)%n", writer.name(), receipts.size(),
                receipts.size() == 1 ? "" : "s", data, out,
                fromFiles ? labelDir.toString() : "aligned from key files", labelSet.name());
        return Formats.report(problems, spec.commandLine().getErr());
    }
}
