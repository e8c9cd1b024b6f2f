package com.layoutlens.ui;

import javafx.scene.paint.Color;

import java.util.List;

/** One colour per label, chosen to stay distinct for the common colour-vision deficiencies. */
final class LabelColors {

    private static final List<Color> PALETTE = List.of(
            Color.web("#0072B2"), // blue
            Color.web("#009E73"), // green
            Color.web("#E69F00"), // orange
            Color.web("#D55E00"), // vermillion
            Color.web("#CC79A7"), // purple
            Color.web("#56B4E9"), // sky
            Color.web("#F0E442")); // yellow

    static final Color OUTSIDE = Color.web("#9a9a9a");
    static final Color FALSE_POSITIVE = Color.web("#e0203a");
    static final Color FALSE_NEGATIVE = Color.web("#f2b90c");
    static final Color WRONG_TYPE = Color.web("#8e44ad");
    /** Diff colours by cause, in the order causes are decided. */
    static Color of(com.layoutlens.eval.ErrorCause cause) {
        return switch (cause) {
            case OCR -> Color.web("#6d4c41");
            case ALIGNMENT -> Color.web("#1e88e5");
            case BOUNDARY -> Color.web("#fb8c00");
            case TYPE -> WRONG_TYPE;
            case MISSED -> FALSE_NEGATIVE;
            case SPURIOUS -> FALSE_POSITIVE;
        };
    }

    static final Color SELECTION = Color.web("#00bcd4");
    /** The box file's words where the OCR was corrected (original-versus-corrected view). */
    static final Color OCR_ORIGINAL = Color.web("#e91e63");
    /** Corrected words in that view. */
    static final Color OCR_CORRECTED = Color.web("#2e7d32");

    private LabelColors() {
    }

    /** The colour of label number {@code index} of a label set whose outside label is {@code outsideIndex}. */
    static Color of(int index, int outsideIndex) {
        if (index == outsideIndex || index < 0) {
            return OUTSIDE;
        }
        int k = index > outsideIndex ? index - 1 : index;
        return shade(PALETTE.get(k % PALETTE.size()), k / PALETTE.size());
    }

    /**
     * The palette's colour for round {@code round} past the palette's length (CORD has 30 types):
     * the colour itself, a darker, a lighter one, then the three again with the hue turned 25
     * degrees further each time, so no two of a schema's first 42 types share a colour.
     */
    private static Color shade(Color base, int round) {
        Color c = round / 3 == 0 ? base : base.deriveColor(25.0 * (round / 3), 1, 1, 1);
        return switch (round % 3) {
            case 1 -> c.deriveColor(0, 1, 0.6, 1);
            case 2 -> c.interpolate(Color.WHITE, 0.5);
            default -> c;
        };
    }

    static String css(Color c) {
        return String.format("#%02x%02x%02x", (int) (c.getRed() * 255), (int) (c.getGreen() * 255),
                (int) (c.getBlue() * 255));
    }
}
