package com.layoutlens.data;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The label file: the one interchange format for gold labels, corrections and predictions.
 *
 * <p>UTF-8, RFC 4180 CSV (CRLF record ends, fields quoted only when needed) with exactly
 * the header {@value #HEADER}. {@code segment} is the 0-based segment index in the box file
 * (blank lines not counted), {@code word} the 0-based word index in the segment, the box
 * is in image pixels, {@code label} belongs to the label set and {@code score} is in [0,1]
 * or empty. Writing is atomic: see {@link AtomicFiles}.
 */
public final class LabelFile {

    public static final String HEADER = "segment,word,x0,y0,x1,y1,text,label,score";
    private static final String[] COLUMNS = HEADER.split(",");
    private static final CSVFormat FORMAT = CSVFormat.RFC4180;

    /**
     * The rows read, and what was wrong with the lines that could not be read.
     *
     * @param usable false when the file as a whole could not be read (a wrong or missing
     *               header, too many rows, not CSV): its rows are then empty and must not
     *               be taken for a receipt without words
     */
    public record ReadResult(List<LabelRow> rows, List<Problem> problems, boolean usable) {
        public boolean hasErrors() {
            return problems.stream().anyMatch(Problem::isError);
        }
    }

    private LabelFile() {
    }

    /**
     * Reads a label file; broken lines are reported with their line number and skipped.
     *
     * @throws TextFiles.Unusable when it is missing, not a regular file or over {@link InputLimits#MAX_LABEL_BYTES}
     */
    public static ReadResult read(Path file, LabelSet labels) throws IOException {
        TextFiles.Decoded d = TextFiles.read(file, InputLimits.MAX_LABEL_BYTES);
        List<Problem> problems = new ArrayList<>();
        if (d.fallback()) {
            problems.add(Problem.warning(file.toString(), 0,
                    "not valid UTF-8; read as " + TextFiles.FALLBACK.name()));
        }
        List<LabelRow> rows = parse(d.text(), file.toString(), labels, problems);
        return rows == null ? new ReadResult(List.of(), problems, false) : new ReadResult(rows, problems, true);
    }

    /**
     * Parses label-file text; problems are added to the given list.
     *
     * @return the rows of the lines that could be read, or null when the file as a whole is
     *         unusable (its header, its size in rows, or its CSV)
     */
    public static List<LabelRow> parse(String text, String name, LabelSet labels, List<Problem> problems) {
        List<LabelRow> rows = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), FORMAT)) {
            boolean header = true;
            long lineBefore = 1;
            for (CSVRecord r : parser) {
                int line = (int) lineBefore;
                lineBefore = parser.getCurrentLineNumber() + 1;
                if (header) {
                    header = false;
                    if (!String.join(",", r.toList()).equals(HEADER)) {
                        problems.add(Problem.error(name, line, "the header must be '" + HEADER + "', found '"
                                + String.join(",", r.toList()) + "'; file not read"));
                        return null;
                    }
                    continue;
                }
                if (r.size() == 1 && r.get(0).isEmpty()) {
                    continue; // blank line
                }
                if (rows.size() >= InputLimits.MAX_WORDS) {
                    problems.add(Problem.error(name, line, "more than " + InputLimits.MAX_WORDS
                            + " rows, the limit for one receipt; file not read"));
                    return null;
                }
                if (r.size() != COLUMNS.length) {
                    problems.add(Problem.error(name, line,
                            "expected " + COLUMNS.length + " fields, found " + r.size()));
                    continue;
                }
                try {
                    int seg = parseInt(r.get(0), "segment");
                    int word = parseInt(r.get(1), "word");
                    Box box = new Box(coordinate(r.get(2), "x0"), coordinate(r.get(3), "y0"),
                            coordinate(r.get(4), "x1"), coordinate(r.get(5), "y1"));
                    String label = r.get(7);
                    if (labels != null && !labels.contains(label)) {
                        throw new IllegalArgumentException("unknown label '" + label + "': not a tag of the schema "
                                + labels.name() + " (expected one of " + String.join(", ", labels.tags())
                                + (labels.scheme() == Scheme.IO ? ")" : "; its types also in another scheme's tags)"));
                    }
                    Double score = null;
                    String s = r.get(8).trim();
                    if (!s.isEmpty()) {
                        // Double.parseDouble also takes 0x1p-1, 0.5d, Infinity: only decimals are scores
                        if (!DECIMAL.matcher(s).matches()) {
                            throw new IllegalArgumentException("score '" + s + "' is not a decimal number"
                                    + " (write it as 0.5 or 1e-05)");
                        }
                        score = Double.parseDouble(s);
                        if (score.isNaN() || score < 0 || score > 1) {
                            throw new IllegalArgumentException("score " + s + " is outside [0,1]");
                        }
                    }
                    if (seg < 0 || word < 0) {
                        throw new IllegalArgumentException("negative segment or word index");
                    }
                    if (!seen.add(Word.key(seg, word))) {
                        throw new IllegalArgumentException("word (" + seg + "," + word + ") appears twice");
                    }
                    rows.add(new LabelRow(seg, word, box, r.get(6), label, score));
                } catch (IllegalArgumentException e) {
                    problems.add(Problem.error(name, line, e.getMessage()));
                }
            }
            if (header) {
                problems.add(Problem.error(name, 1, "empty file: the header '" + HEADER + "' is missing"));
                return null;
            }
        } catch (IOException | UncheckedIOException e) {
            problems.add(Problem.error(name, 0, "not readable as CSV: " + e.getMessage() + "; file not read"));
            return null;
        }
        return rows;
    }

    /** A decimal number as CSV writers print it: digits, an optional fraction, an optional decimal exponent. */
    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?");

    private static int coordinate(String s, String what) {
        int v = parseInt(s, what);
        if (Math.abs((long) v) > InputLimits.MAX_COORDINATE) {
            throw new IllegalArgumentException(what + " " + s.trim() + " is out of range (at most "
                    + InputLimits.MAX_COORDINATE + " pixels either way)");
        }
        return v;
    }

    private static int parseInt(String s, String what) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + s + "' is not an integer");
        }
    }

    /** The file's content for the given rows, in the given order. */
    public static String format(List<LabelRow> rows) {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, FORMAT)) {
            p.printRecord((Object[]) COLUMNS);
            for (LabelRow r : rows) {
                p.printRecord(r.segment(), r.word(), r.box().x0(), r.box().y0(), r.box().x1(), r.box().y1(),
                        r.text(), r.label(), formatScore(r.score()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Scores are written with at most 6 decimals, without trailing zeros. */
    public static String formatScore(Double score) {
        if (score == null) {
            return "";
        }
        BigDecimal d = new BigDecimal(score).setScale(6, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros();
        if (d.scale() < 0) {
            d = d.setScale(0);
        }
        return d.toPlainString();
    }

    /** Writes a label file atomically: on failure the previous file is left intact. */
    public static void write(Path file, List<LabelRow> rows) throws IOException {
        AtomicFiles.writeString(file, format(rows));
    }

    /** Reads a label file that must be clean, throwing with the first problem otherwise. */
    public static List<LabelRow> readStrict(Path file, LabelSet labels) throws IOException {
        ReadResult r = read(file, labels);
        for (Problem p : r.problems()) {
            if (p.isError()) {
                throw new IOException(p.toString());
            }
        }
        return r.rows();
    }
}
