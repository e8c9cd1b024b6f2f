package com.layoutlens.data.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.InputLimits;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What our SROIE-style folder cannot hold of receipts imported from another format, kept beside
 * them so that the format's writer gives it back: FUNSD's entity ids and links (and its entities
 * without words), CORD's quads, groups and key flags, Label Studio's region ids. Import writes one
 * file per receipt, atomically, {@code DIR/source/ID.json}:
 * <pre>{"format": "funsd", "file": "annotations/form_0001.json", "record": { ... }}</pre>
 * where {@code record} is the receipt's own JSON in its format (a FUNSD or CORD annotation file, a
 * Label Studio task) and {@code file} where it came from, relative to the imported folder.
 *
 * <p>The format's writer, given a receipt whose image is {@code DIR/img/ID.*}, reads the record of
 * its own format back and uses it as it uses the source file of a receipt read straight from the
 * format: while the receipt's segments are still the record's (same count, same texts), the ids,
 * links and groups are written back unchanged and the labels as they are now; otherwise the
 * receipt is written afresh, and the writer says so. Other formats keep no record (hf, ppocr and
 * pdf carry nothing our folder lacks but their labels' schema, which import keeps in
 * {@code labels/schema.json}).
 */
public final class SourceRecords {

    /** The folder of an imported receipt folder that holds the records. */
    public static final String DIR = "source";

    private SourceRecords() {
    }

    /** A format whose receipts each have a JSON record of their own. */
    interface Recorded {
        /**
         * Each receipt's own record in the folder, by receipt id; records that cannot be read are
         * left out (reading the folder reports them).
         */
        Map<String, Record> records(Path dir) throws IOException;
    }

    /**
     * A receipt's own record.
     *
     * @param file where it is, relative to the folder read (or the export file)
     * @param json the record as the format has it
     */
    record Record(String file, JsonNode json) {
    }

    /** A record read back for a writer: the side file it is kept in, and the record. */
    record Kept(Path file, JsonNode record) {
    }

    /**
     * Writes the records of the receipts read by {@code reader} from {@code source} into
     * {@code out/source}; nothing for a format that keeps none.
     *
     * @return what could not be written, by file
     */
    public static List<Problem> keep(ReceiptReader reader, Path source, List<Receipt> receipts, Path out)
            throws IOException {
        if (!(reader instanceof Recorded recorded)) {
            return List.of();
        }
        Map<String, Record> records = recorded.records(source);
        Path dir = out.resolve(DIR);
        List<Problem> problems = new ArrayList<>();
        for (Receipt r : receipts) {
            Record rec = records.get(r.id());
            if (rec == null) {
                continue;
            }
            Path file = dir.resolve(r.id() + ".json");
            ObjectNode o = FormatIo.JSON.createObjectNode();
            o.put("format", reader.name());
            o.put("file", rec.file());
            o.set("record", rec.json());
            try {
                Files.createDirectories(dir);
                FormatIo.writeJson(file, o);
            } catch (IOException e) {
                problems.add(Problem.error(file.toString(), 0, "not written (" + e.getMessage() + "): an export as "
                        + reader.name() + " will not have what the folder cannot hold"));
            }
        }
        return problems;
    }

    /**
     * The record kept for a receipt of an imported folder, in {@code format}: null when its image
     * is not in an {@code img/} folder, when there is no side file or it is another format's. A
     * side file that cannot be read is reported to {@code problems} (against {@code where}) and
     * gives null.
     */
    static Kept of(Receipt r, String format, List<Problem> problems, String where) {
        if (r.image() == null) {
            return null;
        }
        Path img = r.image().toAbsolutePath().normalize().getParent();
        if (img == null || img.getFileName() == null || !img.getFileName().toString().equals(Dataset.IMG)
                || img.getParent() == null) {
            return null;
        }
        Path file = img.getParent().resolve(DIR).resolve(r.id() + ".json");
        if (!Files.exists(file) && !Files.isSymbolicLink(file)) {
            return null;
        }
        try {
            JsonNode n = FormatIo.readJson(file, InputLimits.MAX_LABEL_BYTES);
            if (!format.equals(n.path("format").asText())) {
                return null;
            }
            if (!n.path("record").isObject()) {
                throw new FormatIo.BadInput("'record' missing or not an object");
            }
            return new Kept(file, n.get("record"));
        } catch (FormatIo.BadInput e) {
            problems.add(Problem.warning(where, 0, "the kept source record " + file + (e.line > 0 ? " line " + e.line : "")
                    + " is not usable (" + e.getMessage() + "): " + r.id() + " written without it"));
            return null;
        }
    }

    /** The records of a folder of {@code ID.json} files (FUNSD's annotations, CORD's json), by stem. */
    static Map<String, Record> jsonFiles(Path dir, String sub) throws IOException {
        Map<String, Record> out = new java.util.TreeMap<>();
        for (Map.Entry<String, Path> e : FormatIo.files(dir.resolve(sub), List.of("json")).entrySet()) {
            if (!FormatIo.SAFE_ID.matcher(e.getKey()).matches()) {
                continue;
            }
            try {
                out.put(e.getKey(), new Record(sub + "/" + e.getValue().getFileName(),
                        FormatIo.readJson(e.getValue(), InputLimits.MAX_LABEL_BYTES)));
            } catch (FormatIo.BadInput x) {
                // reported when the folder is read
            }
        }
        return out;
    }
}
