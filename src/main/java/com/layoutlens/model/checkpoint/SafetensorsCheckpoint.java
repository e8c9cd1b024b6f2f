package com.layoutlens.model.checkpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code .safetensors} file: an 8-byte little-endian header length, a JSON header naming
 * each tensor's dtype, shape and byte range, then the raw little-endian data. Everything the
 * header claims is checked against the file before any tensor is read, so a truncated or
 * forged file fails at open with a message naming the tensor, not later with garbage values.
 */
final class SafetensorsCheckpoint extends MappedCheckpoint<SafetensorsCheckpoint.Entry> {

    /** The reference implementation refuses larger headers too; a bigger one is not a real file. */
    static final long MAX_HEADER = 100L * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    record Entry(TensorInfo info, long begin, long end) {
    }

    private final Map<String, String> metadata;
    private final long dataStart;

    private SafetensorsCheckpoint(MappedFile file, Map<String, Entry> entries, Map<String, String> metadata,
            long dataStart) {
        super(file, entries);
        this.metadata = metadata;
        this.dataStart = dataStart;
    }

    static SafetensorsCheckpoint open(Path path) throws CheckpointException {
        return open(path, SafetensorsCheckpoint::parse);
    }

    /**
     * The length a safetensors file must have by its own header (8 bytes, the header, then up to
     * the end of the last tensor's data), read even from a file cut short, so that a truncated
     * download can be told from a corrupt one; -1 when the beginning is not a safetensors header.
     */
    static long declaredLength(Path path) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(path)) {
            java.nio.ByteBuffer len = java.nio.ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            if (ch.read(len, 0) < 8) {
                return -1;
            }
            long n = len.getLong(0);
            if (n < 2 || n > MAX_HEADER) {
                return -1;
            }
            if (ch.size() < 8 + n) {
                return Long.MAX_VALUE; // the header itself is cut: longer than this, length unknown
            }
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate((int) n);
            while (head.hasRemaining() && ch.read(head, 8 + head.position()) > 0) {
                // read the whole header
            }
            JsonNode root = JSON.readTree(head.array());
            long end = 0;
            for (Map.Entry<String, JsonNode> field : root.properties()) {
                JsonNode off = field.getValue().get("data_offsets");
                if (!field.getKey().equals("__metadata__") && off != null && off.size() == 2
                        && off.get(1).canConvertToLong()) {
                    end = Math.max(end, off.get(1).asLong());
                }
            }
            return 8 + n + end;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    static SafetensorsCheckpoint parse(MappedFile f) throws CheckpointException {
        Path p = f.path();
        long size = f.size();
        if (size < 8) {
            throw fail(p, null, p + " is too short (" + size + " bytes) to be a safetensors file");
        }
        long n = f.window(0, 8, ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (n < 2 || n > MAX_HEADER) {
            throw fail(p, null, p + " is not a safetensors file: its header length " + Long.toUnsignedString(n)
                    + " is not between 2 and " + MAX_HEADER + " bytes");
        }
        if (8 + n > size) {
            throw fail(p, null, p + ": the safetensors header of " + n + " bytes ends at byte " + (8 + n)
                    + " but the file has only " + size + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(f.bytes(8, (int) n))).toString();
        } catch (CharacterCodingException e) {
            throw fail(p, null, p + ": the safetensors header is not valid UTF-8");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw fail(p, null, p + ": the safetensors header is not valid JSON: " + com.layoutlens.data.JsonErrors.describe(e));
        }
        if (root == null || !root.isObject()) {
            throw fail(p, null, p + ": the safetensors header is not a JSON object");
        }
        long dataStart = 8 + n;
        long dataLen = size - dataStart;
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            JsonNode v = field.getValue();
            if (name.equals("__metadata__")) {
                if (!v.isObject()) {
                    throw fail(p, null, p + ": __metadata__ is not a JSON object");
                }
                for (Map.Entry<String, JsonNode> kv : v.properties()) {
                    if (!kv.getValue().isTextual()) {
                        throw fail(p, null, p + ": __metadata__ value '" + kv.getKey() + "' is not a string");
                    }
                    metadata.put(kv.getKey(), kv.getValue().asText());
                }
                continue;
            }
            entries.put(name, entry(p, name, v, dataStart, dataLen, size));
        }
        checkOverlaps(p, entries);
        return new SafetensorsCheckpoint(f, Collections.unmodifiableMap(entries),
                Collections.unmodifiableMap(metadata), dataStart);
    }

    private static Entry entry(Path p, String name, JsonNode v, long dataStart, long dataLen, long size)
            throws CheckpointException {
        String t = "tensor '" + name + "'";
        if (!v.isObject()) {
            throw fail(p, name, p + ": " + t + " is not described by a JSON object");
        }
        JsonNode dt = v.get("dtype");
        if (dt == null || !dt.isTextual()) {
            throw fail(p, name, p + ": " + t + " has no dtype");
        }
        DType dtype = DType.fromSafetensors(dt.asText());
        if (dtype == null) {
            throw fail(p, name, p + ": " + t + " has dtype '" + dt.asText() + "', which is not one of "
                    + Arrays.toString(DType.values()));
        }
        long[] shape = longs(p, name, v.get("shape"), "shape", -1);
        long numel = 1;
        for (long d : shape) {
            if (d < 0) {
                throw fail(p, name, p + ": " + t + " has a negative dimension in shape " + Arrays.toString(shape));
            }
            try {
                numel = Math.multiplyExact(numel, d);
            } catch (ArithmeticException e) {
                throw fail(p, name, p + ": " + t + " has an impossibly large shape " + Arrays.toString(shape));
            }
        }
        long[] off = longs(p, name, v.get("data_offsets"), "data_offsets", 2);
        long begin = off[0];
        long end = off[1];
        if (begin < 0 || end < begin) {
            throw fail(p, name, p + ": " + t + " has data_offsets [" + begin + ", " + end + "], which is not a byte range");
        }
        if (end > dataLen) {
            throw fail(p, name, p + ": " + t + " ends at byte " + (dataStart + end) + " but the file has only "
                    + size + " bytes");
        }
        long need;
        try {
            need = Math.multiplyExact(numel, (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw fail(p, name, p + ": " + t + " has an impossibly large shape " + Arrays.toString(shape));
        }
        if (end - begin != need) {
            throw fail(p, name, p + ": " + t + " has " + (end - begin) + " bytes of data but " + dtype + " "
                    + Arrays.toString(shape) + " needs " + need);
        }
        return new Entry(new TensorInfo(name, dtype, shape), begin, end);
    }

    private static long[] longs(Path p, String name, JsonNode node, String what, int expected)
            throws CheckpointException {
        if (node == null || !node.isArray() || (expected >= 0 && node.size() != expected)) {
            throw fail(p, name, p + ": tensor '" + name + "' has no valid " + what);
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode x = node.get(i);
            if (!x.isIntegralNumber() || !x.canConvertToLong()) {
                throw fail(p, name, p + ": tensor '" + name + "' has a " + what + " entry that is not an integer: " + x);
            }
            out[i] = x.asLong();
        }
        return out;
    }

    private static void checkOverlaps(Path p, Map<String, Entry> entries) throws CheckpointException {
        List<Entry> sorted = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.end > e.begin) {
                sorted.add(e);
            }
        }
        sorted.sort(Comparator.comparingLong(Entry::begin));
        for (int i = 1; i < sorted.size(); i++) {
            Entry a = sorted.get(i - 1);
            Entry b = sorted.get(i);
            if (b.begin < a.end) {
                throw fail(p, b.info.name(), p + ": tensors '" + a.info.name() + "' (bytes " + a.begin + ".." + a.end
                        + ") and '" + b.info.name() + "' (bytes " + b.begin + ".." + b.end + ") overlap");
            }
        }
    }

    private static CheckpointException fail(Path p, String tensor, String message) {
        return new CheckpointException(p, tensor, message);
    }

    @Override
    public TensorInfo info(String name) throws CheckpointException {
        return entry(name).info;
    }

    private TensorReader.Layout layout(Entry e) {
        return TensorReader.Layout.contiguous(e.info.dtype(), e.info.shape(), dataStart + e.begin,
                ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    TensorReader.Layout layoutOf(String name) throws CheckpointException {
        return layout(entry(name));
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }
}
