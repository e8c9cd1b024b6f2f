package com.layoutlens.cli;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.formats.ReceiptFormats;
import com.layoutlens.data.formats.ReceiptReader;
import com.layoutlens.eval.EvalFolders;
import com.layoutlens.eval.Evaluator;
import com.layoutlens.eval.Rules;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The options {@code evaluate}, {@code errors} and {@code compare} share (a picocli mixin):
 * the gold label files predictions are scored against, the key files that give the gold field
 * values, the post-processing rules applied to every prediction first, and JSON output.
 */
final class ScoringOptions {

    @Option(names = "--gold", paramLabel = "LABEL_DIR", description = "Folder of gold label files (ID.csv); or --data.")
    Path gold;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Instead of --gold: a receipt folder whose own labels are the gold (a SROIE folder's labels/,"
                    + " else labels aligned from its key files; an hf folder's ner_tags), its key files the gold values"
                    + " unless --keys names others.")
    Path data;

    @picocli.CommandLine.Mixin
    FormatOption format = new FormatOption();

    @Option(names = "--keys", paramLabel = "KEY_DIR",
            description = "Folder of SROIE key files (ID.json): the gold values for the field scores and for the"
                    + " error cause 'ocr' (the gold value is not in the OCR text); without it the gold values are"
                    + " decoded from the gold label files and no error is put down to the OCR.")
    Path keys;

    @Option(names = "--rules", paramLabel = "LIST",
            description = "Post-processing rules, applied to every prediction before scoring: " + Rules.SYNTAX)
    String rules;

    @Option(names = "--json", description = "Print one JSON object on stdout.")
    boolean json;

    /**
     * The gold: the label files of {@code --gold} with the key files of {@code --keys}, or the labels
     * of the {@code --data} folder's receipts; one that cannot be read is a usage error.
     */
    EvalFolders folders(LabelSet schema) {
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
    Path goldLabels() {
        return gold;
    }

    /** Where the gold comes from, for the reports. */
    String goldName() {
        return gold != null ? gold.toString() : data + " (" + format.format + ")";
    }

    /** The receipt folder of the gold: {@code --data}, else the folder above {@code --gold}; null when none. */
    Path receiptFolder() {
        return data != null ? data : gold.toAbsolutePath().getParent();
    }

    /** The evaluator over a schema with the rules asked for; a malformed list is a usage error. */
    Evaluator evaluator(LabelSet schema) {
        return Evaluator.of(schema, EvalOutput.rules(rules));
    }
}
