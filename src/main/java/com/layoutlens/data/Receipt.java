package com.layoutlens.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One receipt: its scan, its OCR segments, its gold key values and, when the folder has
 * them, its label file rows.
 *
 * @param id          the file stem shared by {@code img/ID.jpg}, {@code box/ID.csv}, ...
 * @param image       the image file, or null when it is missing
 * @param width       image width in pixels (from the image header; from the boxes if the image is missing)
 * @param height      image height in pixels (likewise)
 * @param segments    the OCR segments in file order
 * @param keys        gold key values by field name, or null when there is no key file
 * @param labels      the rows of {@code labels/ID.csv}, or null when there is none or it is unusable
 * @param keyIssue    why there are no key values (the key file is missing, a folder, not JSON...),
 *                    or null when they were read
 * @param labelIssue  why the label file that exists was not used (a wrong header, over a limit...),
 *                    or null when it was read or there is none
 * @param ocrEdits    how many OCR corrections ({@code corrections/ID.json}) were applied to the box
 *                    file's segments to give {@code segments}; 0 when the segments are the box file's
 */
public record Receipt(String id, Path image, int width, int height, List<Segment> segments,
                      Map<String, String> keys, List<LabelRow> labels, String keyIssue, String labelIssue,
                      int ocrEdits) {

    public Receipt {
        segments = List.copyOf(segments);
        keys = keys == null ? null : Collections.unmodifiableMap(new java.util.LinkedHashMap<>(keys));
        labels = labels == null ? null : List.copyOf(labels);
        if (keys == null && keyIssue == null) {
            keyIssue = "no key file";
        }
        if (keys != null) {
            keyIssue = null;
        }
    }

    public Receipt(String id, Path image, int width, int height, List<Segment> segments,
                   Map<String, String> keys, List<LabelRow> labels, String keyIssue, String labelIssue) {
        this(id, image, width, height, segments, keys, labels, keyIssue, labelIssue, 0);
    }

    public Receipt(String id, Path image, int width, int height, List<Segment> segments,
                   Map<String, String> keys, List<LabelRow> labels) {
        this(id, image, width, height, segments, keys, labels, null, null);
    }

    /** True when the words are the box file's words with OCR corrections applied. */
    public boolean ocrCorrected() {
        return ocrEdits > 0;
    }

    /** This receipt with other (corrected) segments. */
    public Receipt withSegments(List<Segment> newSegments, int edits) {
        return new Receipt(id, image, width, height, newSegments, keys, labels, keyIssue, labelIssue, edits);
    }

    /**
     * Why this receipt has no gold labels, or null when it has some: the rows of its label
     * file, else the values of its key file. A receipt without gold must be left out of every
     * figure: aligning nothing would make every word O.
     */
    public String noGold() {
        if (labels != null) {
            return null;
        }
        if (labelIssue != null) {
            return "label file " + labelIssue;
        }
        return keys == null ? keyIssue : null;
    }

    /** All words of all segments, in segment order then word order. */
    public List<Word> words() {
        List<Word> words = new ArrayList<>();
        for (Segment s : segments) {
            words.addAll(s.words());
        }
        return words;
    }

    public Receipt withLabels(List<LabelRow> newLabels) {
        return new Receipt(id, image, width, height, segments, keys, newLabels, keyIssue, null, ocrEdits);
    }

    /** The gold value of a field, or null. */
    public String key(String field) {
        return keys == null ? null : keys.get(field);
    }
}
