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
 * <p>UTF-8, RFC 4180 CSV (CRLF record ends, fields quoted only when needed) with the header
 * {@value #HEADER}, optionally followed by probability columns. {@code segment} is the 0-based
 * segment index in the box file (blank lines not counted), {@code word} the 0-based word index
 * in the segment, the box is in image pixels, {@code label} belongs to the label set and
 * {@code score} is in [0,1] or empty.
 *
 * <p>Probability columns ({@code predict --probs}) are named {@value #PROB_PREFIX}{@code TAG},
 * one per tag of the schema ({@code p_O,p_COMPANY,...}; {@code p_O,p_B-COMPANY,p_I-COMPANY,...}
 * for BIO), each the word's probability of that tag in [0,1], written with six decimals. A row
 * leaves them all empty or fills them all; filled, they sum to 1 (within
 * {@value #SUM_TOLERANCE}). They are read into {@link LabelRow#probs()} and written back
 * whenever a row has them, so an edited prediction file keeps them. A file without them is
 * written exactly as before. Writing is atomic: see {@link AtomicFiles}.
 */
public final class LabelFile {

    public static final String HEADER = "segment,word,x0,y0,x1,y1,text,label,score";
    private static final String[] COLUMNS = HEADER.split(",");

    /** The prefix of a probability column's name: {@code p_TAG}. */
    public static final String PROB_PREFIX = "p_";

    /** How far the probabilities of a row may sum from 1 (six-decimal rounding of up to a few hundred tags). */
    public static final double SUM_TOLERANCE = 1e-3;
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
        List<String> probTags = List.of();
        long lineBefore = 1;
        int records = 0;
        int rowProblems = 0;
        try (CSVParser parser = CSVParser.parse(new StringReader(text), FORMAT)) {
            boolean header = true;
            for (CSVRecord r : parser) {
                int line = (int) lineBefore;
                lineBefore = parser.getCurrentLineNumber() + 1;
                if (header) {
                    header = false;
                    List<String> found = r.toList();
                    if (found.size() < COLUMNS.length
                            || !String.join(",", found.subList(0, COLUMNS.length)).equals(HEADER)) {
                        problems.add(Problem.error(name, line, "the header must be '" + HEADER
                                + "' (optionally followed by " + PROB_PREFIX + "TAG columns), found '"
                                + String.join(",", found) + "'; file not read"));
                        return null;
                    }
                    String wrong = probColumnProblem(found.subList(COLUMNS.length, found.size()), labels);
                    if (wrong != null) {
                        problems.add(Problem.error(name, line, wrong + "; file not read"));
                        return null;
                    }
                    probTags = found.subList(COLUMNS.length, found.size()).stream()
                            .map(c -> c.substring(PROB_PREFIX.length())).toList();
                    continue;
                }
                if (r.size() == 1 && r.get(0).isEmpty()) {
                    continue; // blank line
                }
                // every data line counts, repeated or broken: the limit bounds the work, not the rows kept
                if (++records > InputLimits.MAX_WORDS) {
                    problems.add(Problem.error(name, line, "more than " + InputLimits.MAX_WORDS
                            + " rows, the limit for one receipt; file not read"));
                    return null;
                }
                if (r.size() != COLUMNS.length + probTags.size()) {
                    if (++rowProblems <= MAX_ROW_PROBLEMS) {
                        problems.add(Problem.error(name, line,
                                "expected " + (COLUMNS.length + probTags.size()) + " fields, found " + r.size()));
                    }
                    continue;
                }
                try {
                    int seg = parseInt(r.get(0), "segment");
                    int word = parseInt(r.get(1), "word");
                    Box box = new Box(coordinate(r.get(2), "x0"), coordinate(r.get(3), "y0"),
                            coordinate(r.get(4), "x1"), coordinate(r.get(5), "y1"));
                    // a type in another case reads as the schema spells it: B-MENU.NM is CORD's B-menu.nm
                    String label = labels == null ? r.get(7) : labels.canonical(r.get(7));
                    if (label == null) {
                        throw new IllegalArgumentException("unknown label '" + r.get(7) + "': not a tag of the schema "
                                + labels.name() + " (expected one of " + String.join(", ", labels.tags())
                                + (labels.scheme() == Scheme.IO ? ")" : "; its types also in another scheme's tags)"));
                    }
                    Double score = null;
                    String s = r.get(8).trim();
                    if (!s.isEmpty()) {
                        // Double.parseDouble also takes 0x1p-1, 0.5d, Infinity: only decimals are scores
                        if (!DECIMAL.matcher(s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s).matches()) {
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
                    TagProbabilities probs = probTags.isEmpty() ? null : probabilities(r, probTags);
                    rows.add(new LabelRow(seg, word, box, r.get(6), label, score, probs));
                } catch (IllegalArgumentException e) {
                    if (++rowProblems <= MAX_ROW_PROBLEMS) {
                        problems.add(Problem.error(name, line, e.getMessage()));
                    }
                }
            }
            if (rowProblems > MAX_ROW_PROBLEMS) {
                problems.add(Problem.error(name, 0, (rowProblems - MAX_ROW_PROBLEMS) + " more rows with problems"
                        + " (the first " + MAX_ROW_PROBLEMS + " are listed); those rows left out"));
            }
            if (header) {
                problems.add(Problem.error(name, 1, "empty file: the header '" + HEADER + "' is missing"));
                return null;
            }
        } catch (IOException | UncheckedIOException e) {
            // the record that could not be read starts after the last one read: a quote opened there
            // runs on over the following lines until the parser gives up
            Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
            String m = t.getMessage() == null ? "" : t.getMessage();
            String detail = m.contains("EOF reached") ? "a quote opened here is never closed"
                    : m.contains("between encapsulated token and delimiter") ? "a quoted field is followed by"
                    + " more text before its comma: a quote inside a field must be doubled"
                    : "an unclosed or misplaced quote";
            problems.add(Problem.error(name, (int) lineBefore, "not readable as CSV from this line on: " + detail
                    + "; file not read"));
            return null;
        }
        return rows;
    }

    /**
     * Whether the file is a prediction of ours: a readable label file with rows, every one with a
     * score. Gold labels and corrections have rows without one; a header alone cannot be told
     * from a user's own empty file. Anything else (no label file at all) is not.
     */
    public static boolean isPrediction(Path file) {
        try {
            ReadResult r = read(file, null);
            return r.usable() && !r.rows().isEmpty() && r.rows().stream().allMatch(x -> x.score() != null);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Row problems listed per file; the rest are counted in one line. */
    static final int MAX_ROW_PROBLEMS = 50;

    /** A decimal number as CSV writers print it: digits, an optional fraction, an optional decimal exponent. */
    private static final java.util.regex.Pattern DECIMAL =
            java.util.regex.Pattern.compile("(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?");

    /**
     * What is wrong with the probability columns of a header, or null: each must be named
     * {@code p_TAG} with a tag of the schema (any tag when there is none), once.
     */
    private static String probColumnProblem(List<String> columns, LabelSet labels) {
        Set<String> seen = new HashSet<>();
        for (String c : columns) {
            if (!c.startsWith(PROB_PREFIX) || c.length() == PROB_PREFIX.length()) {
                return "unexpected column '" + c + "' after score: only probability columns named "
                        + PROB_PREFIX + "TAG may follow it";
            }
            String tag = c.substring(PROB_PREFIX.length());
            if (labels != null && !labels.contains(tag)) {
                return "unknown probability column '" + c + "': '" + tag + "' is not a tag of the schema "
                        + labels.name() + " (expected one of " + String.join(", ", labels.tags()) + ")";
            }
            if (!seen.add(tag)) {
                return "probability column '" + c + "' appears twice";
            }
        }
        return null;
    }

    /** A row's probability columns: all empty (null) or all decimals in [0,1] summing to 1. */
    private static TagProbabilities probabilities(CSVRecord r, List<String> tags) {
        double[] v = new double[tags.size()];
        int empty = 0;
        for (int i = 0; i < v.length; i++) {
            String s = r.get(COLUMNS.length + i).trim();
            String column = PROB_PREFIX + tags.get(i);
            if (s.isEmpty()) {
                empty++;
                continue;
            }
            if (!DECIMAL.matcher(s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s).matches()) {
                throw new IllegalArgumentException(column + " '" + s + "' is not a decimal number"
                        + " (write it as 0.5 or 1e-05)");
            }
            v[i] = Double.parseDouble(s);
            if (v[i] < 0 || v[i] > 1) {
                throw new IllegalArgumentException(column + " " + s + " is outside [0,1]");
            }
        }
        if (empty == v.length) {
            return null;
        }
        if (empty > 0) {
            throw new IllegalArgumentException(empty + " of the " + v.length
                    + " probability columns are empty: fill all of them or none");
        }
        TagProbabilities p = new TagProbabilities(tags, v);
        if (Math.abs(p.sum() - 1) > SUM_TOLERANCE) {
            throw new IllegalArgumentException("the probability columns sum to " + formatScore(Math.min(1e6, p.sum()))
                    + ", not 1");
        }
        return p;
    }

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

    /**
     * The file's content for the given rows, in the given order. When rows carry tag
     * probabilities, a {@code p_TAG} column follows {@code score} for each of their tags (in
     * the order they first appear), empty for a row without them.
     */
    public static String format(List<LabelRow> rows) {
        List<String> tags = new ArrayList<>();
        for (LabelRow r : rows) {
            if (r.probs() != null) {
                for (String t : r.probs().tags()) {
                    if (!tags.contains(t)) {
                        tags.add(t);
                    }
                }
            }
        }
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, FORMAT)) {
            List<Object> header = new ArrayList<>(List.of((Object[]) COLUMNS));
            for (String t : tags) {
                header.add(PROB_PREFIX + t);
            }
            p.printRecord(header);
            for (LabelRow r : rows) {
                List<Object> cells = new ArrayList<>(List.of(r.segment(), r.word(), r.box().x0(), r.box().y0(),
                        r.box().x1(), r.box().y1(), r.text(), r.label(), formatScore(r.score())));
                for (String t : tags) {
                    double v = r.probs() == null ? Double.NaN : r.probs().of(t);
                    cells.add(Double.isNaN(v) ? "" : formatProbability(v));
                }
                p.printRecord(cells);
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

    /** Probabilities are written with exactly six decimals. */
    public static String formatProbability(double p) {
        return new BigDecimal(p).setScale(6, java.math.RoundingMode.HALF_EVEN).toPlainString();
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
