package com.layoutlens.data.samples;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The fonts of the generated receipts, loaded from the class path rather than from the
 * system so that every machine draws the same glyphs: DejaVu Sans Mono, regular and bold
 * (see {@code resources/fonts/LICENSE-DejaVu.txt}).
 */
final class SampleFonts {

    static final String REGULAR_RESOURCE = "/fonts/DejaVuSansMono.ttf";
    static final String BOLD_RESOURCE = "/fonts/DejaVuSansMono-Bold.ttf";

    private static volatile Font regular;
    private static volatile Font bold;

    private SampleFonts() {
    }

    /** The regular or bold face at the given size in pixels. */
    static Font font(boolean isBold, float size) {
        return (isBold ? bold() : regular()).deriveFont(size);
    }

    private static Font regular() {
        Font f = regular;
        if (f == null) {
            f = load(REGULAR_RESOURCE);
            regular = f;
        }
        return f;
    }

    private static Font bold() {
        Font f = bold;
        if (f == null) {
            f = load(BOLD_RESOURCE);
            bold = f;
        }
        return f;
    }

    private static Font load(String resource) {
        try (InputStream in = SampleFonts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("font " + resource + " is missing from the class path");
            }
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException e) {
            throw new UncheckedIOException("font " + resource + " could not be read", e);
        } catch (FontFormatException e) {
            throw new IllegalStateException("font " + resource + " is not a TrueType font: " + e.getMessage(), e);
        }
    }
}
