package com.layoutlens.cli;

import com.layoutlens.data.Problem;
import com.layoutlens.data.formats.ReceiptFormats;
import com.layoutlens.data.formats.ReceiptReader;
import com.layoutlens.data.formats.SroieFolderWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code import}: a folder of another format copied into our SROIE-style folder. */
@Command(name = "import",
        description = {"Reads a folder of another format into a receipt folder in SROIE layout (img/, box/ with"
                + " the format's lines, entities or regions as segments, labels/), never writing into the source folder.",
                "What that layout cannot hold (FUNSD ids and links, CORD groups, Label Studio region ids) is kept in"
                        + " DIR/source/ID.json for an export in the same format."},
        mixinStandardHelpOptions = true)
public final class ImportCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Mixin
    FormatOption format = new FormatOption();

    @Option(names = "--data", required = true, paramLabel = "IN", description = "the folder to read")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the receipt folder to write (not inside IN)")
    Path out;

    @Option(names = "--json", description = "print the summary as one JSON object on stdout")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Formats.requireOutside(out, data); // also a folder that already holds receipts, or any file
        ReceiptReader reader = format.reader(data);
        ReceiptReader.Read read;
        try {
            read = ReceiptFormats.read(reader, data, ReceiptReader.Options.defaults());
        } catch (IOException e) {
            throw new LayoutLensCli.UsageException(e.getMessage());
        }
        List<Problem> problems = new ArrayList<>(read.problems());
        problems.addAll(new SroieFolderWriter().importFrom(reader, data, read, out));
        PrintWriter o = spec.commandLine().getOut();
        long labelled = read.receipts().stream().filter(r -> r.labels() != null).count();
        if (json) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("format", reader.name());
            m.put("data", data.toString());
            m.put("out", out.toString());
            m.put("receipts", read.receipts().size());
            m.put("labelled", labelled);
            m.put("schema", read.schema() == null ? null : read.schema().name());
            m.put("receipts_skipped", read.skipped());
            m.put("lost", read.lost());
            m.put("errors", Json.problems(problems));
            o.println(Json.write(m));
            return problems.stream().anyMatch(Problem::isError) ? LayoutLensCli.FAILED : 0;
        }
        o.printf("%s: %d receipt%s of %s written to %s (%d with labels%s)%n", reader.name(), read.receipts().size(),
                read.receipts().size() == 1 ? "" : "s", data, out, labelled,
                read.schema() == null ? "" : ", schema " + read.schema().name() + " " + read.schema().tags());
        if (read.lost() != null) {
            o.println("Not in this format: " + read.lost() + ".");
        }
        return Formats.report(problems, spec.commandLine().getErr());
    }
}
