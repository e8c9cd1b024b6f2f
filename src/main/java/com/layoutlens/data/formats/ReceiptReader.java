package com.layoutlens.data.formats;

import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Reads a folder of one format into receipts. */
public interface ReceiptReader {

    /**
     * What was read.
     *
     * @param receipts the receipts read; their {@link Receipt#image()} is in the source folder
     * @param schema   the schema of their labels, or null when they have none
     * @param problems what could not be read, with file and line
     * @param lost     what this format does not carry that our folder has (shown to the user), or null
     */
    record Read(List<Receipt> receipts, LabelSet schema, List<Problem> problems, String lost) {
        public Read {
            receipts = List.copyOf(receipts);
            problems = List.copyOf(problems);
        }
    }

    /** The format's name on the command line. */
    String name();

    /** Whether the folder looks like this format (its marker files are there). */
    boolean recognises(Path dir);

    /**
     * Reads the folder; one broken receipt is reported in {@link Read#problems()} and the
     * others still come through.
     *
     * @throws IOException only when the folder as a whole cannot be read
     */
    Read read(Path dir) throws IOException;
}
