package com.layoutlens.model.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes pickle opcodes by hand, for streams PyTorch would not produce; and wraps them in a torch-style zip. */
final class PickleBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static PickleBytes protocol(int v) {
        PickleBytes p = new PickleBytes();
        return p.op(0x80).op(v);
    }

    PickleBytes op(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    PickleBytes global(String module, String name) {
        op('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    PickleBytes str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X');
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
        out.writeBytes(b);
        return this;
    }

    PickleBytes shortStr(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op(0x8c, b.length);
        out.writeBytes(b);
        return this;
    }

    PickleBytes int1(int v) {
        return op('K', v);
    }

    /** LONG1 with 8 bytes: any long. */
    PickleBytes long8(long v) {
        op(0x8a, 8);
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
        return this;
    }

    /** {@code ('storage', torch.<type>, key, 'cpu', numel)} as a persistent id. */
    PickleBytes storage(String type, String key, int numel) {
        return op('(').str("storage").global("torch", type).str(key).str("cpu").int1(numel).op('t', 'Q');
    }

    /** {@code _rebuild_tensor_v2(<storage>, offset, (size,), (stride,), False, OrderedDict())} for a 1-d tensor. */
    PickleBytes tensor1d(String type, String key, int numel, int offset, int size, int stride) {
        global("torch._utils", "_rebuild_tensor_v2").op('(');
        storage(type, key, numel);
        int1(offset).int1(size).op(0x85).int1(stride).op(0x85).op(0x89);
        return global("collections", "OrderedDict").op(')', 'R').op('t', 'R');
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** A zip laid out as torch.save lays it out: {@code archive/data.pkl} and the given storages. */
    static Path torchZip(Path file, byte[] pickle, byte[]... storages) {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            stored(z, "archive/data.pkl", pickle);
            stored(z, "archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < storages.length; i++) {
                stored(z, "archive/data/" + i, storages[i]);
            }
            stored(z, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static void stored(ZipOutputStream z, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        z.putNextEntry(e);
        z.write(data);
        z.closeEntry();
    }

    static byte[] floats(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }
}
