package com.layoutlens.data.formats;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.layoutlens.data.AtomicFiles;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code sroie-keys}: the SROIE task-3 submission, one {@code ID.txt} per receipt holding the
 * JSON object of {@code company, date, address, total} (an empty string for a field no word
 * was labelled with), decoded from the receipt's labels by the function it is given.
 */
public final class SroieKeysWriter implements ReceiptWriter {

    public static final String NAME = "sroie-keys";
    /** The fields of the submission, in its order. */
    public static final List<String> FIELDS = List.of("company", "date", "address", "total");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Function<List<LabelRow>, Map<String, String>> decoder;

    /** @param decoder field name to value for rows in reading order (segment, then word) */
    public SroieKeysWriter(Function<List<LabelRow>, Map<String, String>> decoder) {
        this.decoder = decoder;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean recognises(Path dir) {
        try (var files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".txt")) && !Files.isDirectory(dir.resolve("box"));
        } catch (IOException e) {
            return false;
        }
    }

    /** The submission's values for one receipt's rows. */
    public Map<String, String> values(List<LabelRow> rows) {
        List<LabelRow> ordered = new ArrayList<>(rows);
        ordered.sort(Comparator.comparingInt(LabelRow::segment).thenComparingInt(LabelRow::word));
        Map<String, String> decoded = decoder.apply(ordered);
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : FIELDS) {
            String v = decoded.get(f);
            out.put(f, v == null ? "" : v);
        }
        return out;
    }

    @Override
    public List<Problem> write(List<Receipt> receipts, LabelSet schema, Path out) throws IOException {
        Files.createDirectories(out);
        List<Problem> problems = new ArrayList<>();
        for (String f : FIELDS) {
            if (schema.labelOfField(f) == null) {
                problems.add(Problem.warning(out.toString(), 0, "schema " + schema.name() + " has no label for '"
                        + f + "': it is empty in every file"));
            }
        }
        for (Receipt r : receipts) {
            Path file = out.resolve(r.id() + ".txt");
            if (r.labels() == null) {
                problems.add(Problem.error(file.toString(), 0, "receipt " + r.id() + " has no labels"
                        + (r.labelIssue() == null ? "" : " (label file " + r.labelIssue() + ")") + "; not written"));
                continue;
            }
            AtomicFiles.writeString(file, JSON.writeValueAsString(values(r.labels())) + "\n");
        }
        return problems;
    }
}
