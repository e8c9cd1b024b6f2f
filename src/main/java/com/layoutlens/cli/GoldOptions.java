package com.layoutlens.cli;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.formats.ReceiptFormats;
import com.layoutlens.data.formats.ReceiptReader;
import com.layoutlens.eval.EvalFolders;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the gold labels predictions are scored against come from (a picocli mixin): a folder of
 * label files ({@code --gold}), or a receipt folder of any format with its own labels
 * ({@code --data} and {@code --format}).
 */
final class GoldOptions {

    @Option(names = "--gold", paramLabel = "LABEL_DIR", description = "Folder of gold label files (ID.csv); or --data.")
    Path gold;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Instead of --gold: a receipt folder whose own labels are the gold (a SROIE folder's labels/,"
                    + " else labels aligned from its key files; an hf folder's ner_tags), its key files the gold values"
                    + " unless --keys names others.")
    Path data;

    @picocli.CommandLine.Mixin
    FormatOption format = new FormatOption();

    /**
     * The gold: the label files of {@code --gold} with the key files of {@code keys}, or the
     * labels of the {@code --data} folder's receipts; one that cannot be read is a usage error.
     *
     * @param keys a folder of key files ({@code --keys}), or null
     */
    EvalFolders folders(LabelSet schema, Path keys) {
        if ((gold == null) == (data == null)) {
            throw new LayoutLensCli.UsageException("give the gold labels with --gold LABEL_DIR or --data DIR (one of them)");
        }
        if (gold != null) {
            return EvalOutput.folders(schema, gold, keys);
        }
        try {
            Dataset ds = ReceiptFormats.load(format.reader(data), data,
                    new ReceiptReader.Options(schema, null, false, null));
            return EvalFolders.ofReceipts(schema, ds, keys);
        } catch (IOException e) {
            throw new LayoutLensCli.UsageException(e.getMessage());
        }
    }

    /** The gold label folder when given ({@code --gold}), for finding the schema; else null. */
    Path labels() {
        return gold;
    }

    /** Where the gold comes from, for the reports. */
    String name() {
        return gold != null ? gold.toString() : data + " (" + format.format + ")";
    }

    /** The receipt folder of the gold: {@code --data}, else the folder above {@code --gold}; null when none. */
    Path receiptFolder() {
        return data != null ? data : gold == null ? null : gold.toAbsolutePath().getParent();
    }
}
