package com.layoutlens.data.samples;

import java.util.List;
import java.util.Map;

/**
 * What a generated receipt says, before it is drawn: printed lines made of cells, each
 * cell made of parts that carry the label their words get, and the gold key values.
 *
 * <p>Positions are in character columns of the body font (the receipt is monospaced, as
 * thermal printers are), so the composer can lay out columns of amounts without knowing
 * pixel sizes; the renderer turns columns into pixels.
 *
 * @param columns how many body-font characters fit on a line
 * @param lines   the printed lines from top to bottom
 * @param keys    the SROIE key values: company, date, address, total
 */
record ReceiptText(int columns, List<PrintLine> lines, Map<String, String> keys) {

    enum Align { LEFT, RIGHT, CENTER }

    /**
     * A run of text with the label of its words. Part boundaries must fall on spaces, so
     * that every word lies in exactly one part.
     */
    record Part(String text, String label) {
    }

    /**
     * One OCR segment: text placed on a line. {@code column} is the left edge for
     * {@link Align#LEFT}, the right edge for {@link Align#RIGHT}, and ignored for
     * {@link Align#CENTER} (centred on the line).
     */
    record Cell(Align align, int column, List<Part> parts) {

        Cell {
            parts = List.copyOf(parts);
        }

        String text() {
            StringBuilder sb = new StringBuilder();
            for (Part p : parts) {
                sb.append(p.text());
            }
            return sb.toString();
        }
    }

    /**
     * A printed line; an empty line is vertical space.
     *
     * @param bold  printed with the bold face
     * @param scale font size relative to the body font (thermal printers print double
     *              height/width for headings and totals)
     */
    record PrintLine(List<Cell> cells, boolean bold, float scale) {

        PrintLine {
            cells = List.copyOf(cells);
        }

        boolean blank() {
            return cells.isEmpty();
        }
    }
}
