package com.layoutlens.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads text files as UTF-8, falling back to Windows-1252 for files that are not UTF-8. */
public final class TextFiles {

    /** The charset used when a file is not valid UTF-8 (a superset of ISO-8859-1's printable range). */
    public static final Charset FALLBACK = Charset.forName("windows-1252");

    /** The decoded text and whether the fallback charset had to be used. */
    public record Decoded(String text, boolean fallback) {
    }

    private TextFiles() {
    }

    public static Decoded read(Path file) throws IOException {
        return decode(Files.readAllBytes(file));
    }

    public static Decoded decode(byte[] bytes) {
        int start = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            start = 3;
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, start, bytes.length - start);
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(buf).toString();
            return new Decoded(s, false);
        } catch (CharacterCodingException e) {
            return new Decoded(new String(bytes, start, bytes.length - start, FALLBACK), true);
        }
    }
}
