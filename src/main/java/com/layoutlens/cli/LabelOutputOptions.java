package com.layoutlens.cli;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.WriteErrors;
import com.layoutlens.data.formats.OutputPlace;
import com.layoutlens.data.formats.ReceiptFormats;
import com.layoutlens.data.formats.ReceiptReader;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The options of the commands that label a receipt folder and write one label file per receipt
 * ({@code predict}, {@code align}; a picocli mixin): the label folder and the JSON summary, with
 * how such a command reads its receipts and makes its folder.
 */
final class LabelOutputOptions {

    @Option(names = "--out", required = true, paramLabel = "LABEL_DIR", description = "where to write ID.csv label files")
    Path out;

    @Option(names = "--json", description = "print the summary as one JSON object on stdout")
    boolean json;

    /**
     * The receipts of {@code data} without any label folder of theirs (the labels are what the
     * command writes), with a progress bar on {@code err} unless the summary is JSON; a folder
     * that cannot be read, or an {@code --out} that would write over what the receipts are read
     * from ({@link OutputPlace}), is a usage error.
     */
    Dataset readReceipts(ReceiptReader reader, Path data, LabelSet labelSet, PrintWriter err) {
        return readReceipts(reader, data, labelSet, err, null);
    }

    /**
     * As {@link #readReceipts(ReceiptReader, Path, LabelSet, PrintWriter)}, {@code --out} allowed
     * to be the receipt folder's sub-folder {@code allowed} (the gold labels {@code align} makes).
     */
    Dataset readReceipts(ReceiptReader reader, Path data, LabelSet labelSet, PrintWriter err, String allowed) {
        Dataset ds;
        try {
            ds = ReceiptFormats.load(reader, data, new ReceiptReader.Options(labelSet, null, true,
                    json ? null : Progress.bar("reading", err)));
        } catch (IOException e) {
            throw new LayoutLensCli.UsageException(e.getMessage());
        }
        String refusal = OutputPlace.refusal(out, ds, allowed);
        if (refusal != null) {
            throw new LayoutLensCli.UsageException("--out: " + refusal);
        }
        return ds;
    }

    /** Creates the label folder; one that cannot be made fails the command. */
    void makeOut() {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new LayoutLensCli.Failure(WriteErrors.cannotWrite(out, e));
        }
    }
}
