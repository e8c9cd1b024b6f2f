package com.layoutlens.data;

/**
 * The most one receipt's files may hold. Every limit is checked before the file is read
 * (its size on disk, its declared image size) or while it is parsed, and a file over a
 * limit is that receipt's problem: the receipt is reported and left out, the others are
 * read as usual. The limits are far above real scans (the 626 SROIE receipts have at most
 * 141 segments, 7 KB box files and 4961 x 7016 pixel scans) and low enough that one hostile
 * file cannot exhaust memory or time. README's "Receipt folders" section lists them.
 */
public final class InputLimits {

    /** Pixels an image may declare (width x height); a larger one is not decoded at all. */
    public static final long MAX_IMAGE_PIXELS = 200_000_000L;
    /**
     * Pixels decoded at full resolution; a larger scan (up to {@link #MAX_IMAGE_PIXELS}) is
     * decoded with source subsampling (every 2nd, 3rd, ... pixel) to at most this many.
     */
    public static final long DECODE_PIXELS = 40_000_000L;
    /** Bytes of a box file. */
    public static final long MAX_BOX_BYTES = 1L << 20;
    /** Segments (non-blank lines) of a box file. */
    public static final int MAX_SEGMENTS = 5_000;
    /** Words of a box file (and rows of a label file). */
    public static final int MAX_WORDS = 20_000;
    /** Bytes of a key file. */
    public static final long MAX_KEY_BYTES = 64L << 10;
    /** Bytes of a label file. */
    public static final long MAX_LABEL_BYTES = 4L << 20;
    /** Bytes of an OCR corrections file ({@code corrections/ID.json}). */
    public static final long MAX_CORRECTIONS_BYTES = 4L << 20;
    /** The largest absolute value of a coordinate in a box or label file, in pixels. */
    public static final int MAX_COORDINATE = 1_000_000;
    /**
     * Bytes of a small JSON file a model folder, a checkpoint or the user gives:
     * {@code config.json}, {@code tokenizer_config.json}, {@code trainer_state.json}, a label
     * schema. Real ones are a few KB.
     */
    public static final long MAX_CONFIG_BYTES = 4L << 20;
    /**
     * Bytes of a tokenizer file ({@code tokenizer.json}, {@code vocab.txt}, {@code vocab.json},
     * {@code merges.txt}) or a sharded checkpoint's index: the largest multilingual tokenizers
     * are about 20 MB.
     */
    public static final long MAX_TOKENIZER_BYTES = 64L << 20;
    /** Bytes of a checkpoint's {@code training_log.csv} read back on resume: about a million steps. */
    public static final long MAX_TRAINING_LOG_BYTES = 64L << 20;

    private InputLimits() {
    }

    /** A byte count as people read it: "812 bytes", "64 KB", "2.5 MB". */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " bytes";
        }
        if (n < 1024 * 1024) {
            return trim(n / 1024.0) + " KB";
        }
        if (n < 1024L * 1024 * 1024) {
            return trim(n / (1024.0 * 1024)) + " MB";
        }
        return trim(n / (1024.0 * 1024 * 1024)) + " GB";
    }

    private static String trim(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
