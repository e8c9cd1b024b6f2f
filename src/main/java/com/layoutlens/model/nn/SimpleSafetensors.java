package com.layoutlens.model.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A minimal reader of one {@code .safetensors} file (8-byte little-endian header length,
 * a JSON header of name -> dtype, shape, data offsets, then the raw little-endian data),
 * enough for our own fixtures and model folders. Float types F32, F16, BF16 and F64 are
 * widened or narrowed to float32 in Java; integers are read as int64.
 */
final class SimpleSafetensors implements TensorSource {

    private record Entry(String dtype, long[] shape, long begin, long end) {
    }

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries;

    private SimpleSafetensors(Path file, FileChannel channel, long dataStart, Map<String, Entry> entries) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
    }

    static SimpleSafetensors open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = ch.size();
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0);
            long headerLen = len.flip().getLong();
            if (headerLen <= 0 || headerLen > 100_000_000L || 8 + headerLen > size) {
                throw new IOException(file + ": not a safetensors file (header length " + headerLen + ")");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLen);
            readFully(ch, header, 8);
            JsonNode root = new ObjectMapper().readTree(new String(header.array(), java.nio.charset.StandardCharsets.UTF_8));
            Map<String, Entry> entries = new LinkedHashMap<>();
            long dataSize = size - 8 - headerLen;
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonNode n = e.getValue();
                JsonNode shapeNode = n.get("shape");
                JsonNode offsets = n.get("data_offsets");
                if (shapeNode == null || offsets == null || offsets.size() != 2 || !n.has("dtype")) {
                    throw new IOException(file + ": tensor '" + e.getKey() + "' has a malformed header entry");
                }
                long[] shape = new long[shapeNode.size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = shapeNode.get(i).asLong();
                }
                long begin = offsets.get(0).asLong();
                long end = offsets.get(1).asLong();
                if (begin < 0 || end < begin || end > dataSize) {
                    throw new IOException(file + ": tensor '" + e.getKey() + "' lies outside the file");
                }
                entries.put(e.getKey(), new Entry(n.get("dtype").asText(), shape, begin, end));
            }
            return new SimpleSafetensors(file, ch, 8 + headerLen, Collections.unmodifiableMap(entries));
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (e instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith(file.toString())) {
                throw io;
            }
            throw new IOException(file + ": not a readable safetensors file: " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    @Override
    public Set<String> names() {
        return entries.keySet();
    }

    private Entry entry(String name) throws IOException {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IOException(file + ": no tensor '" + name + "'");
        }
        return e;
    }

    @Override
    public long[] shape(String name) throws IOException {
        return entry(name).shape().clone();
    }

    private ByteBuffer bytes(String name, Entry e, int elementSize) throws IOException {
        long n = 1;
        for (long d : e.shape()) {
            n *= d;
        }
        if ((e.end() - e.begin()) != n * elementSize) {
            throw new IOException(file + ": tensor '" + name + "' has " + (e.end() - e.begin())
                    + " bytes, its shape needs " + n * elementSize);
        }
        if (e.end() - e.begin() > Integer.MAX_VALUE) {
            throw new IOException(file + ": tensor '" + name + "' is larger than 2 GiB");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) (e.end() - e.begin())).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, buf, dataStart + e.begin());
        return buf.flip();
    }

    @Override
    public float[] readFloats(String name) throws IOException {
        Entry e = entry(name);
        switch (e.dtype()) {
            case "F32": {
                ByteBuffer b = bytes(name, e, 4);
                float[] out = new float[b.remaining() / 4];
                b.asFloatBuffer().get(out);
                return out;
            }
            case "F64": {
                ByteBuffer b = bytes(name, e, 8);
                float[] out = new float[b.remaining() / 8];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) b.getDouble();
                }
                return out;
            }
            case "F16": {
                ByteBuffer b = bytes(name, e, 2);
                float[] out = new float[b.remaining() / 2];
                for (int i = 0; i < out.length; i++) {
                    out[i] = halfToFloat(b.getShort());
                }
                return out;
            }
            case "BF16": {
                ByteBuffer b = bytes(name, e, 2);
                float[] out = new float[b.remaining() / 2];
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
                }
                return out;
            }
            default:
                throw new IOException(file + ": tensor '" + name + "' is " + e.dtype() + ", not a float type");
        }
    }

    @Override
    public long[] readLongs(String name) throws IOException {
        Entry e = entry(name);
        switch (e.dtype()) {
            case "I64": {
                ByteBuffer b = bytes(name, e, 8);
                long[] out = new long[b.remaining() / 8];
                b.asLongBuffer().get(out);
                return out;
            }
            case "I32": {
                ByteBuffer b = bytes(name, e, 4);
                long[] out = new long[b.remaining() / 4];
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.getInt();
                }
                return out;
            }
            default:
                throw new IOException(file + ": tensor '" + name + "' is " + e.dtype() + ", not I64 or I32");
        }
    }

    @Override
    public String source() {
        return file.toString();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** IEEE half to float, for Java 17 (Float.float16ToFloat arrived in Java 20). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0) {
            float v = mant * 0x1p-24f; // zero or subnormal
            return sign == 0 ? v : -v;
        }
        if (exp == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
