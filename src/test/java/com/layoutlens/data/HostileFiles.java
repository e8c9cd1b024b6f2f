package com.layoutlens.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Builders of hostile files for the tests: images that declare huge sizes, FIFOs, dangling links. */
public final class HostileFiles {

    private HostileFiles() {
    }

    /**
     * A PNG of a few hundred bytes whose header declares {@code width x height} RGBA pixels
     * (its image data is one row of zeros: decoding it in full would need width*height*4 bytes).
     */
    public static void pngDeclaring(Path file, int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height);
        ihdr.put((byte) 8).put((byte) 6).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        Deflater d = new Deflater();
        d.setInput(new byte[1 + 4 * Math.min(width, 1000)]);
        d.finish();
        byte[] buf = new byte[4096];
        int n = d.deflate(buf);
        d.end();
        byte[] idat = new byte[n];
        System.arraycopy(buf, 0, idat, 0, n);
        chunk(out, "IDAT", idat);
        chunk(out, "IEND", new byte[0]);
        Files.write(file, out.toByteArray());
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** Makes a FIFO; false where the system has no mkfifo. */
    public static boolean fifo(Path file) {
        try {
            Process p = new ProcessBuilder("mkfifo", file.toString()).redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A symbolic link to a file that does not exist. */
    public static void danglingLink(Path link) throws IOException {
        Files.createSymbolicLink(link, link.resolveSibling("gone-" + link.getFileName()));
    }

    /** A one-line box file with {@code words} one-letter words. */
    public static String boxLineOfWords(int words) {
        StringBuilder sb = new StringBuilder(16 + 2 * words).append("0,0,100,0,100,10,0,10,");
        for (int i = 0; i < words; i++) {
            sb.append(i == 0 ? "" : " ").append('a');
        }
        return sb.append('\n').toString();
    }
}
