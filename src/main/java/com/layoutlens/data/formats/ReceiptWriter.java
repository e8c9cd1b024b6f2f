package com.layoutlens.data.formats;

import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Writes receipts (with the labels in {@link Receipt#labels()}) into a folder of one format. */
public interface ReceiptWriter {

    /** The format's name on the command line. */
    String name();

    /** Whether the folder already holds this format's files (a folder this writer wrote). */
    boolean recognises(Path dir);

    /**
     * Writes the receipts into {@code out} (created when missing).
     *
     * @param schema the schema of the receipts' labels
     * @return what could not be written for single receipts; the others are written
     * @throws IOException when the folder as a whole cannot be written
     */
    List<Problem> write(List<Receipt> receipts, LabelSet schema, Path out) throws IOException;
}
