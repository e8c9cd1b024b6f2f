package com.layoutlens.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads text files as UTF-8, falling back to Windows-1252 for files that are not UTF-8.
 *
 * <p>Only regular files are read, and only up to a size limit checked before reading: a
 * folder, a FIFO (whose reading would block), a device or a dangling link is refused with
 * a {@link Unusable} that says which, and so is a file over the limit.
 */
public final class TextFiles {

    /** The charset used when a file is not valid UTF-8 (a superset of ISO-8859-1's printable range). */
    public static final Charset FALLBACK = Charset.forName("windows-1252");

    /** The decoded text and whether the fallback charset had to be used. */
    public record Decoded(String text, boolean fallback) {
    }

    /** A file that is not read at all; the message says why, in the user's words, without the path. */
    public static final class Unusable extends IOException {
        public Unusable(String message) {
            super(message);
        }
    }

    private TextFiles() {
    }

    /** Reads a text file of at most {@code maxBytes} bytes. */
    public static Decoded read(Path file, long maxBytes) throws IOException {
        return decode(readBytes(file, maxBytes));
    }

    /**
     * A regular file of at most {@code maxBytes} read as strict UTF-8 (no fallback), for the
     * JSON and vocabulary files of model folders and checkpoints.
     *
     * @throws Unusable when it is missing, not a regular file, too large or not UTF-8; the
     *                  message says why, the caller names the file
     */
    public static String readUtf8(Path file, long maxBytes) throws IOException {
        byte[] bytes = readBytes(file, maxBytes);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Unusable("is not UTF-8 text");
        }
    }

    /**
     * The bytes of a regular file of at most {@code maxBytes}; the type and the size are
     * checked before the file is opened.
     *
     * @throws Unusable when it is missing, not a regular file or too large
     */
    public static byte[] readBytes(Path file, long maxBytes) throws IOException {
        checkReadable(file, maxBytes);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new Unusable("grew over the limit of " + InputLimits.bytes(maxBytes) + " while being read");
            }
            return bytes;
        } catch (AccessDeniedException e) {
            throw new Unusable("cannot be read (no permission)");
        } catch (NoSuchFileException e) {
            throw new Unusable("is missing (removed while being read)");
        }
    }

    /**
     * Why {@code file} is not a regular file to read ({@code is a folder, not a file}, {@code is a
     * link to X, which does not exist}, ...), or null when it is one; nothing is opened.
     */
    public static String notRegular(Path file) {
        if (Files.isRegularFile(file)) {
            return null;
        }
        try {
            checkReadable(file, Long.MAX_VALUE);
            return "cannot be read";
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /**
     * Checks that a file is a regular file within the limit, without opening it.
     *
     * @return its size in bytes
     * @throws Unusable with the reason otherwise
     */
    public static long checkReadable(Path file, long maxBytes) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (Files.isSymbolicLink(file)) {
                String target = "";
                try {
                    target = " to " + Printable.of(Files.readSymbolicLink(file).toString());
                } catch (IOException | UnsupportedOperationException ignored) {
                    // the target is only named when it can be read
                }
                throw new Unusable("is a link" + target + ", which does not exist");
            }
            throw new Unusable("is missing");
        } catch (AccessDeniedException e) {
            throw new Unusable("cannot be read (no permission)");
        }
        if (a.isDirectory()) {
            throw new Unusable("is a folder, not a file");
        }
        if (!a.isRegularFile()) {
            BasicFileAttributes own = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            throw new Unusable("is not a regular file (a FIFO, socket or device" + (own.isSymbolicLink() ? " behind a link" : "")
                    + ")");
        }
        if (a.size() > maxBytes) {
            throw new Unusable("is " + InputLimits.bytes(a.size()) + ", over the limit of " + InputLimits.bytes(maxBytes));
        }
        return a.size();
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
