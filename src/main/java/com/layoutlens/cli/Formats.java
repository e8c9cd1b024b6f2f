package com.layoutlens.cli;

import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Printable;
import com.layoutlens.data.Problem;
import com.layoutlens.data.formats.HfFormat;
import com.layoutlens.data.formats.ReceiptReader;
import com.layoutlens.data.formats.ReceiptWriter;
import com.layoutlens.data.formats.SroieKeysWriter;
import com.layoutlens.eval.FieldDecoder;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** The formats {@code export} writes and {@code import} reads, by name. */
final class Formats {

    static final String WRITERS = "sroie-keys (SROIE task-3 key files), hf (data.jsonl + labels.json)"
            + ", funsd (annotations/ID.json + images/)"
            + ", cord (json/ID.json + image/)"
            + ", label-studio (tasks.json with predictions + images/)"
            + ", ppocr (PPOCRLabel's Label.txt + fileState.txt + images)";
    static final String READERS = "hf"
            + ", funsd"
            + ", cord"
            + ", label-studio"
            + ", ppocr"
            + ", pdf (read only: pages rendered, words from the text layer)";

    private Formats() {
    }

    static ReceiptWriter writer(String name, LabelSet schema) {
        return switch (name) {
            case SroieKeysWriter.NAME -> new SroieKeysWriter(FieldDecoder.of(schema)::decode);
            case HfFormat.NAME -> new HfFormat();
            case com.layoutlens.data.formats.FunsdFormat.NAME -> new com.layoutlens.data.formats.FunsdFormat();
            case com.layoutlens.data.formats.CordFormat.NAME -> new com.layoutlens.data.formats.CordFormat();
            case com.layoutlens.data.formats.LabelStudioFormat.NAME -> new com.layoutlens.data.formats.LabelStudioFormat();
            case com.layoutlens.data.formats.PpocrFormat.NAME -> new com.layoutlens.data.formats.PpocrFormat();
            default -> throw new LayoutLensCli.UsageException("--format: no writer for '" + name + "' (formats: "
                    + WRITERS + ")");
        };
    }

    static ReceiptReader reader(String name) {
        if (name.equals(HfFormat.NAME)) {
            return new HfFormat();
        }
        if (name.equals(com.layoutlens.data.formats.FunsdFormat.NAME)) return new com.layoutlens.data.formats.FunsdFormat();
        if (name.equals(com.layoutlens.data.formats.CordFormat.NAME)) return new com.layoutlens.data.formats.CordFormat();
        if (name.equals(com.layoutlens.data.formats.LabelStudioFormat.NAME)) return new com.layoutlens.data.formats.LabelStudioFormat();
        if (name.equals(com.layoutlens.data.formats.PpocrFormat.NAME)) return new com.layoutlens.data.formats.PpocrFormat();
        if (name.equals(com.layoutlens.data.formats.PdfFormat.NAME)) return new com.layoutlens.data.formats.PdfFormat();
        throw new LayoutLensCli.UsageException("--format: no reader for '" + name + "' (formats: " + READERS + ")");
    }

    /** A usage error when {@code out} is {@code source} or inside it: a format is never written into its source. */
    static void requireOutside(Path out, Path source) {
        Path o = out.toAbsolutePath().normalize();
        Path s = source.toAbsolutePath().normalize();
        if (o.startsWith(s)) {
            throw new LayoutLensCli.UsageException("--out " + out + " is inside the source folder " + source
                    + "; choose a folder outside it");
        }
    }

    /** Prints the problems; the exit code: {@link LayoutLensCli#FAILED} when any is an error. */
    static int report(List<Problem> problems, PrintWriter err) {
        boolean failed = false;
        for (Problem p : problems) {
            err.println(Printable.of(p.toString()));
            failed |= p.isError();
        }
        return failed ? LayoutLensCli.FAILED : 0;
    }
}
