package com.layoutlens.data;

/**
 * The labelling unit: a whitespace-separated piece of a segment's text.
 *
 * <p>The box is an approximation: OCR gives one box per segment, so a word's box is cut
 * from its segment's axis-aligned box in proportion to the word's character offsets
 * (monospaced assumption). It is exact for the segment's outer edges and usually close
 * inside; the segment stays the authoritative geometry.
 *
 * @param segment   0-based index of the segment in its box file
 * @param index     0-based index of the word within the segment
 * @param box       the word box in image pixels
 * @param text      the word's text (never contains whitespace when cut from a segment)
 * @param charStart offset of the first character in the segment's text
 * @param charEnd   offset after the last character in the segment's text
 */
public record Word(int segment, int index, Box box, String text, int charStart, int charEnd) {

    /** The key used to match words across files: {@code (segment, word)}. */
    public long key() {
        return key(segment, index);
    }

    public static long key(int segment, int word) {
        return ((long) segment << 32) | (word & 0xffffffffL);
    }
}
