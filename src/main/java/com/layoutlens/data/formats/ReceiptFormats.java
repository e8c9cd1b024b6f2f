package com.layoutlens.data.formats;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every receipt format by name: the readers ({@code --format NAME}, or {@value #AUTO}: the first
 * that recognises the folder, {@code sroie} last) and the writers. A format is added with one
 * line in the block below.
 */
public final class ReceiptFormats {

    /** The format name that asks for detection. */
    public static final String AUTO = "auto";

    /** Makes a writer; {@code fieldValues} decodes a receipt's rows (in reading order) into field values. */
    @FunctionalInterface
    public interface WriterFactory {
        ReceiptWriter create(Function<List<LabelRow>, Map<String, String>> fieldValues);
    }

    private static final Map<String, Supplier<ReceiptReader>> READERS = new LinkedHashMap<>();
    private static final Map<String, WriterFactory> WRITERS = new LinkedHashMap<>();

    static {
        addReader(HfFormat.NAME, HfFormat::new);
        addReader(FunsdFormat.NAME, FunsdFormat::new);
        addReader(CordFormat.NAME, CordFormat::new);
        addReader(LabelStudioFormat.NAME, LabelStudioFormat::new);
        addReader(PpocrFormat.NAME, PpocrFormat::new);
        addReader(PdfFormat.NAME, PdfFormat::new);
        addReader(SroieFormat.NAME, SroieFormat::new);

        addWriter(SroieFolderWriter.NAME, fields -> new SroieFolderWriter());
        addWriter(SroieKeysWriter.NAME, SroieKeysWriter::new);
        addWriter(HfFormat.NAME, fields -> new HfFormat());
        addWriter(FunsdFormat.NAME, fields -> new FunsdFormat());
        addWriter(CordFormat.NAME, fields -> new CordFormat());
        addWriter(LabelStudioFormat.NAME, fields -> new LabelStudioFormat());
        addWriter(PpocrFormat.NAME, fields -> new PpocrFormat());
        addWriter(PdfFormat.NAME, fields -> new PdfFormat());
    }

    private ReceiptFormats() {
    }

    private static void addReader(String name, Supplier<ReceiptReader> make) {
        READERS.put(name, make);
    }

    private static void addWriter(String name, WriterFactory make) {
        WRITERS.put(name, make);
    }

    /** The readable formats, in the order detection tries them ({@code sroie} last). */
    public static List<String> readers() {
        List<String> names = new ArrayList<>(READERS.keySet());
        names.remove(SroieFormat.NAME);
        names.add(SroieFormat.NAME);
        return names;
    }

    /** The writable formats. */
    public static List<String> writers() {
        return List.copyOf(WRITERS.keySet());
    }

    /**
     * The reader of a format.
     *
     * @throws IllegalArgumentException naming the formats there are, when there is no such reader
     */
    public static ReceiptReader reader(String name) {
        Supplier<ReceiptReader> make = READERS.get(name);
        if (make == null) {
            throw new IllegalArgumentException("no reader for format '" + name + "' (formats: " + AUTO + ", "
                    + String.join(", ", readers()) + ")");
        }
        return make.get();
    }

    /**
     * The writer of a format.
     *
     * @param fieldValues decodes rows into field values (for the formats that write values: sroie-keys)
     * @throws IllegalArgumentException naming the formats there are, when there is no such writer
     */
    public static ReceiptWriter writer(String name, Function<List<LabelRow>, Map<String, String>> fieldValues) {
        WriterFactory make = WRITERS.get(name);
        if (make == null) {
            throw new IllegalArgumentException("no writer for format '" + name + "' (formats: "
                    + String.join(", ", writers()) + ")");
        }
        return make.create(fieldValues);
    }

    /**
     * The first reader that recognises the folder, {@code sroie} last.
     *
     * @throws IOException when the folder is missing or no format recognises it, naming the formats
     */
    public static ReceiptReader detect(Path dir) throws IOException {
        if (Files.isRegularFile(dir)) {
            ReceiptReader pdf = READERS.get(PdfFormat.NAME).get();
            if (pdf.recognises(dir)) {
                return pdf; // one PDF file: the one format that reads a file on its own
            }
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a folder");
        }
        for (String name : readers()) {
            ReceiptReader r = READERS.get(name).get();
            if (r.recognises(dir)) {
                return r;
            }
        }
        throw new IOException(dir + ": no receipt format recognises this folder (formats: "
                + String.join(", ", readers()) + "; sroie needs a box/ folder, hf a data.jsonl)");
    }

    /**
     * The schema a receipt folder's own labels are in, when nothing else names one: a folder of
     * another format says (hf's {@code labels.json}, the tags FUNSD or CORD files carry); a SROIE
     * folder's label files give the built-in schema their tags fit best. Null when the folder
     * names none (a SROIE folder without label files, one no format reads): then sroie, or a
     * model's. {@code format} is {@value #AUTO} (or null) or a format's name.
     */
    public static LabelSet ownSchema(Path dir, String format) {
        ReceiptReader reader;
        try {
            reader = reader(format, dir);
        } catch (IOException | RuntimeException e) {
            reader = null; // no format reads it: label files may still name a schema
        }
        if (reader == null || reader instanceof SroieFormat) {
            return com.layoutlens.data.LabelFolder.schemaOf(dir.resolve(Dataset.LABELS));
        }
        try {
            return reader.schema(dir);
        } catch (IOException | RuntimeException e) {
            return null; // reading the folder again reports what is wrong with it
        }
    }

    /**
     * The reader for {@code name}: {@value #AUTO} (or null) detects it from the folder.
     *
     * @throws IllegalArgumentException for a name that is no format
     * @throws IOException              when detection finds none
     */
    public static ReceiptReader reader(String name, Path dir) throws IOException {
        return name == null || name.equals(AUTO) ? detect(dir) : reader(name);
    }

    /**
     * Why receipts may not be written to {@code out} when read from {@code source}, or null when
     * they may: a format is never written into its source folder (nor the source into itself,
     * links resolved), nor into a folder that already holds files (a user's annotations, an
     * earlier conversion: nothing there is overwritten or mixed with the new files).
     */
    public static String refusal(Path out, Path source) {
        // links resolved: a link to the source folder is the source folder
        Path o = OutputPlace.real(out);
        Path s = OutputPlace.real(source);
        if (OutputPlace.within(o, s)) {
            return out + " is inside the source folder " + source + "; choose a folder outside it";
        }
        if (Files.isDirectory(out)) {
            try (var files = Files.list(out)) {
                String receipts = SroieFolderWriter.refusal(out);
                if (receipts != null) {
                    return receipts;
                }
                if (files.findAny().isPresent()) {
                    return out + " is not empty: a conversion writes a new folder, never over files that are"
                            + " there; choose a new or empty folder";
                }
            } catch (IOException e) {
                return out + " cannot be listed (" + com.layoutlens.data.WriteErrors.reason(e) + ")";
            }
        } else if (Files.exists(out)) {
            return out + " is a file, not a folder";
        }
        return null;
    }

    /**
     * Reads a folder: the receipts with the labels {@code options} asks for (none, the format's
     * own, or the label files of {@code options.labels()}).
     */
    public static ReceiptReader.Read read(ReceiptReader reader, Path dir, ReceiptReader.Options options)
            throws IOException {
        ReceiptReader.Read read = reader.read(dir, options);
        if (reader instanceof SroieFormat) {
            return read; // reads labels/ and reports progress as it goes
        }
        List<Receipt> receipts = read.receipts();
        LabelSet schema = read.schema();
        List<Problem> problems = new ArrayList<>(read.problems());
        if (options.withoutLabels() || options.labels() != null) {
            List<Receipt> relabelled = new ArrayList<>(receipts.size());
            for (Receipt r : receipts) {
                Path file = options.withoutLabels() ? null : options.labels().resolve(r.id() + ".csv");
                boolean hasFile = file != null && (Files.exists(file) || Files.isSymbolicLink(file));
                relabelled.add(options.withoutLabels() ? r.withLabels(null)
                        : hasFile ? Dataset.withLabelFile(r.withLabels(null), file, options.schema(), problems) : r);
            }
            receipts = relabelled;
            schema = options.withoutLabels() ? null : options.schema() != null ? options.schema() : schema;
        }
        if (options.progress() != null) {
            options.progress().accept(receipts.size(), receipts.size());
        }
        return new ReceiptReader.Read(receipts, schema, problems, read.lost(), read.skipped());
    }

    /**
     * Reads a folder of the named format (or {@value #AUTO}) into a {@link Dataset} whose
     * schema is {@code options.schema()}, else the format's, else sroie.
     */
    public static Dataset load(Path dir, String format, ReceiptReader.Options options) throws IOException {
        return load(reader(format, dir), dir, options);
    }

    /** As {@link #load(Path, String, ReceiptReader.Options)} with the reader chosen. */
    public static Dataset load(ReceiptReader reader, Path dir, ReceiptReader.Options options) throws IOException {
        ReceiptReader.Read read = read(reader, dir, options);
        LabelSet schema = options.schema() != null ? options.schema()
                : read.schema() != null ? read.schema() : LabelSet.sroie();
        List<Problem> problems = read.problems();
        return new Dataset(dir, schema, read.receipts(), problems, read.skipped(), reader.name(),
                r -> reader.sources(dir, r));
    }
}
