package com.layoutlens.model.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The central directory of a zip file, read from the mapped file so that each entry's data
 * can be addressed in place. {@code java.util.zip} hides where an entry's bytes start, and
 * PyTorch stores tensors uncompressed precisely so that they can be mapped. ZIP64 included.
 */
final class ZipDirectory {

    /** One entry: its data is {@code size} bytes from {@code dataOffset}; method 0 means stored. */
    record Entry(String name, int method, long size, long dataOffset) {
    }

    private static final int EOCD = 0x06054b50;
    private static final int EOCD64 = 0x06064b50;
    private static final int LOCATOR64 = 0x07064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;

    private ZipDirectory() {
    }

    static boolean looksLikeZip(MappedFile f) throws CheckpointException {
        return f.size() >= 4 && copy(f, 0, 4).getInt(0) == LOCAL;
    }

    static Map<String, Entry> read(MappedFile f) throws CheckpointException {
        Path p = f.path();
        long size = f.size();
        long eocd = -1;
        for (long pos = size - 22; pos >= Math.max(0, size - 22 - 65535); pos--) {
            if (copy(f, pos, 4).getInt(0) == EOCD) {
                eocd = pos;
                break;
            }
        }
        if (eocd < 0) {
            throw bad(p, "no zip directory found (is the file truncated?)");
        }
        ByteBuffer e = copy(f, eocd, 22);
        long count = e.getShort(10) & 0xffff;
        long cdSize = e.getInt(12) & 0xffffffffL;
        long cdOffset = e.getInt(16) & 0xffffffffL;
        if (count == 0xffff || cdSize == 0xffffffffL || cdOffset == 0xffffffffL) {
            if (eocd < 20) {
                throw bad(p, "a ZIP64 file without its ZIP64 locator");
            }
            ByteBuffer loc = copy(f, eocd - 20, 20);
            if (loc.getInt(0) != LOCATOR64) {
                throw bad(p, "a ZIP64 file without its ZIP64 locator");
            }
            long rec = loc.getLong(8);
            if (rec < 0 || rec > size - 56) {
                throw bad(p, "the ZIP64 directory record lies outside the file");
            }
            ByteBuffer z = copy(f, rec, 56);
            if (z.getInt(0) != EOCD64) {
                throw bad(p, "a broken ZIP64 directory record");
            }
            count = z.getLong(32);
            cdSize = z.getLong(40);
            cdOffset = z.getLong(48);
        }
        if (cdOffset < 0 || cdSize < 0 || cdSize > Integer.MAX_VALUE - 8 || cdOffset > size - cdSize
                || count < 0 || count > cdSize / 46) {
            throw bad(p, "the zip directory lies outside the file (is the file truncated?)");
        }
        ByteBuffer cd = ByteBuffer.wrap(f.bytes(cdOffset, (int) cdSize)).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Entry> entries = new LinkedHashMap<>();
        int pos = 0;
        for (long i = 0; i < count; i++) {
            if (pos + 46 > cdSize || cd.getInt(pos) != CENTRAL) {
                throw bad(p, "a broken zip directory entry #" + i);
            }
            int method = cd.getShort(pos + 10) & 0xffff;
            long csize = cd.getInt(pos + 20) & 0xffffffffL;
            long usize = cd.getInt(pos + 24) & 0xffffffffL;
            int nameLen = cd.getShort(pos + 28) & 0xffff;
            int extraLen = cd.getShort(pos + 30) & 0xffff;
            int commentLen = cd.getShort(pos + 32) & 0xffff;
            long local = cd.getInt(pos + 42) & 0xffffffffL;
            if (pos + 46L + nameLen + extraLen + commentLen > cdSize) {
                throw bad(p, "a broken zip directory entry #" + i);
            }
            byte[] nb = new byte[nameLen];
            cd.get(pos + 46, nb);
            String name = new String(nb, StandardCharsets.UTF_8);
            // ZIP64 extra field: the 8-byte values of the fields that were 0xffffffff, in this order
            int x = pos + 46 + nameLen;
            int xEnd = x + extraLen;
            while (x + 4 <= xEnd) {
                int id = cd.getShort(x) & 0xffff;
                int len = cd.getShort(x + 2) & 0xffff;
                if (id == 1) {
                    int q = x + 4;
                    if (usize == 0xffffffffL && q + 8 <= x + 4 + len) {
                        usize = cd.getLong(q);
                        q += 8;
                    }
                    if (csize == 0xffffffffL && q + 8 <= x + 4 + len) {
                        csize = cd.getLong(q);
                        q += 8;
                    }
                    if (local == 0xffffffffL && q + 8 <= x + 4 + len) {
                        local = cd.getLong(q);
                    }
                }
                x += 4 + len;
            }
            if (local < 0 || local > size - 30) {
                throw bad(p, "zip entry '" + name + "' starts outside the file");
            }
            ByteBuffer lh = copy(f, local, 30);
            if (lh.getInt(0) != LOCAL) {
                throw bad(p, "zip entry '" + name + "' has no local header");
            }
            long data = local + 30 + (lh.getShort(26) & 0xffff) + (lh.getShort(28) & 0xffff);
            long stored = method == 0 ? usize : csize;
            if (stored < 0 || stored > size - data) {
                throw new CheckpointException(p, null, p + ": zip entry '" + name + "' ends at byte " + (data + stored)
                        + " but the file has only " + size + " bytes");
            }
            entries.put(name, new Entry(name, method, method == 0 ? usize : csize, data));
            pos += 46 + nameLen + extraLen + commentLen;
        }
        return entries;
    }

    /** Small structures are copied out, since they may straddle two mapped chunks. */
    private static ByteBuffer copy(MappedFile f, long offset, int length) throws CheckpointException {
        return ByteBuffer.wrap(f.bytes(offset, length)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static CheckpointException bad(Path p, String what) {
        return new CheckpointException(p, null, p + " is not a readable zip file: " + what);
    }
}
