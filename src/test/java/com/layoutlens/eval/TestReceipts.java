package com.layoutlens.eval;

import com.layoutlens.data.BoxFile;
import com.layoutlens.data.Box;
import com.layoutlens.data.KeyFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.Segment;
import com.layoutlens.data.Word;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Receipts for tests: hand-built rows, a simple gold for the real SROIE receipts, and perturbations. */
final class TestReceipts {

    static final List<String> LABELS = List.of("O", "COMPANY", "DATE", "ADDRESS", "TOTAL");

    private TestReceipts() {
    }

    /** A row with a box on the given line (lines 30 px apart) and column (100 px wide). */
    static LabelRow row(int segment, int word, int line, int column, String text, String label, Double score) {
        Box b = new Box(10 + 100 * column, 10 + 30 * line, 90 + 100 * column, 30 + 30 * line);
        return new LabelRow(segment, word, b, text, label, score);
    }

    static LabelRow row(int segment, int word, int line, int column, String text, String label) {
        return row(segment, word, line, column, text, label, null);
    }

    /** The real SROIE folder, or null when this machine has none. */
    static Path sroie() {
        String dir = System.getProperty("layoutlens.sroie");
        if (dir == null) {
            return null;
        }
        Path p = Path.of(dir);
        return Files.isDirectory(p.resolve("box")) ? p : null;
    }

    /**
     * A simple gold for a real receipt, good enough for testing the metrics: a segment
     * whose text lies inside the company or address key value gets that label on all its
     * words; a word equal to the date or total key value gets DATE or TOTAL.
     */
    static List<LabelRow> simpleGold(List<Segment> segments, Map<String, String> keys) {
        String company = norm(keys.getOrDefault("company", ""));
        String address = norm(keys.getOrDefault("address", ""));
        String date = keys.getOrDefault("date", "").strip();
        String total = keys.getOrDefault("total", "").strip();
        List<LabelRow> rows = new ArrayList<>();
        for (Segment s : segments) {
            String t = norm(s.text());
            String segLabel = "O";
            if (t.length() >= 3 && company.contains(t)) {
                segLabel = "COMPANY";
            } else if (t.length() >= 3 && address.contains(t)) {
                segLabel = "ADDRESS";
            }
            for (Word w : s.words()) {
                String l = segLabel;
                if (l.equals("O") && !date.isEmpty() && w.text().equals(date)) {
                    l = "DATE";
                } else if (l.equals("O") && !total.isEmpty()
                        && (w.text().equals(total) || w.text().equals("RM" + total))) {
                    l = "TOTAL";
                }
                rows.add(LabelRow.of(w, l, null));
            }
        }
        return rows;
    }

    private static String norm(String s) {
        return s.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }

    /** Simple gold rows for every real receipt, by id (sorted). */
    static Map<String, List<LabelRow>> realGold(Path sroie) throws IOException {
        Map<String, List<LabelRow>> out = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(sroie.resolve("box"), "*.csv")) {
            for (Path box : ds) {
                String name = box.getFileName().toString();
                String id = name.substring(0, name.length() - 4);
                List<Segment> segs = BoxFile.read(box).segments();
                Path key = sroie.resolve("key").resolve(id + ".json");
                Map<String, String> keys = Files.isRegularFile(key)
                        ? KeyFile.read(key, null, new ArrayList<>()) : Map.of();
                out.put(id, simpleGold(segs, keys == null ? Map.of() : keys));
            }
        }
        return out;
    }

    /**
     * A prediction perturbed from gold: each word's label is replaced by a random one with
     * the given probability; scores are random. Deterministic for a seed.
     */
    static List<LabelRow> perturb(List<LabelRow> gold, double rate, Random rnd) {
        List<LabelRow> out = new ArrayList<>(gold.size());
        for (LabelRow r : gold) {
            String l = rnd.nextDouble() < rate ? LABELS.get(rnd.nextInt(LABELS.size())) : r.label();
            double score = Math.round(rnd.nextDouble() * 1e6) / 1e6;
            out.add(r.withLabel(l, score));
        }
        return out;
    }
}
