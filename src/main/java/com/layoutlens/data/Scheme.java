package com.layoutlens.data;

import java.util.List;
import java.util.Locale;

/**
 * How a schema's tags mark entities: {@link #IO} (a tag is the entity type, {@code TOTAL}),
 * {@link #BIO} (IOB2: {@code B-TOTAL} on an entity's first word, {@code I-TOTAL} on the rest)
 * or {@link #IOBES} ({@code S-} for a one-word entity, {@code B-}, {@code I-}, {@code E-} for
 * longer ones). BILOU is read as IOBES ({@code U-} is {@code S-}, {@code L-} is {@code E-}).
 */
public enum Scheme {
    IO(List.of()),
    BIO(List.of("B", "I")),
    IOBES(List.of("B", "I", "E", "S"));

    private final List<String> prefixes;

    Scheme(List<String> prefixes) {
        this.prefixes = prefixes;
    }

    /** The prefixes of this scheme's tags, in tag order ({@code B, I} for BIO); none for IO. */
    public List<String> prefixes() {
        return prefixes;
    }

    /** The name used in schema files and on the command line: {@code io}, {@code bio}, {@code iobes}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A scheme by name: {@code io}, {@code bio} (also {@code iob2}), {@code iobes} (also
     * {@code bioes}, {@code bilou}), any case.
     *
     * @throws IllegalArgumentException naming the accepted names
     */
    public static Scheme parse(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "io":
                return IO;
            case "bio":
            case "iob2":
                return BIO;
            case "iobes":
            case "bioes":
            case "bilou":
                return IOBES;
            default:
                throw new IllegalArgumentException("unknown tagging scheme '" + name
                        + "' (expected io, bio or iobes; bilou is read as iobes)");
        }
    }
}
