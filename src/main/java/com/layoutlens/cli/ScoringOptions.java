package com.layoutlens.cli;

import com.layoutlens.data.LabelSet;
import com.layoutlens.eval.EvalFolders;
import com.layoutlens.eval.Evaluator;
import com.layoutlens.eval.Rules;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The options {@code evaluate}, {@code errors} and {@code compare} share (a picocli mixin):
 * the gold label files predictions are scored against, the key files that give the gold field
 * values, the post-processing rules applied to every prediction first, and JSON output.
 */
final class ScoringOptions {

    @picocli.CommandLine.Mixin
    GoldOptions gold = new GoldOptions();

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

    /** The gold with the key files of {@code --keys}; one that cannot be read is a usage error. */
    EvalFolders folders(LabelSet schema) {
        return gold.folders(schema, keys);
    }

    /** The gold label folder when given ({@code --gold}), for finding the schema; else null. */
    Path goldLabels() {
        return gold.labels();
    }

    /** Where the gold comes from, for the reports. */
    String goldName() {
        return gold.name();
    }

    /** The receipt folder of the gold; null when none. */
    Path receiptFolder() {
        return gold.receiptFolder();
    }

    /** The evaluator over a schema with the rules asked for; a malformed list is a usage error. */
    Evaluator evaluator(LabelSet schema) {
        return Evaluator.of(schema, EvalOutput.rules(rules));
    }
}
