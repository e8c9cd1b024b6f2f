package com.layoutlens.model.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@code .safetensors} files that the Python {@code safetensors} and {@code transformers}
 * libraries load: header keys in the caller's order, data ordered by element size so every
 * tensor is aligned to its element size, and {@code "format": "pt"} in the metadata unless the
 * caller gives a format (transformers refuses a file without it). Data is streamed, never held
 * twice, and the file is replaced atomically: written to a temporary file in the same folder,
 * forced to disk, then renamed over the target, so a crash leaves the previous file intact.
 */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUFFER = 1 << 20;

    /** One tensor to write: what it is, and how to get its values when its turn comes. */
    private interface Source {
        String name();

        DType dtype();

        long[] shape();

        Tensor load() throws IOException;
    }

    private SafetensorsWriter() {
    }

    /** Writes the tensors, in the map's iteration order, with optional string metadata. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        List<Source> sources = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            sources.add(new Source() {
                public String name() {
                    return e.getKey();
                }

                public DType dtype() {
                    return t.dtype();
                }

                public long[] shape() {
                    return t.shape();
                }

                public Tensor load() {
                    return t;
                }
            });
        }
        write(file, sources, metadata);
    }

    /**
     * Copies every tensor of a checkpoint (of any format) into a safetensors file, one tensor in
     * memory at a time, keeping names, order, dtypes and values exactly.
     */
    public static void write(Path file, Checkpoint from, Map<String, String> metadata) throws IOException {
        List<Source> sources = new ArrayList<>();
        for (String name : from.names()) {
            TensorInfo info = from.info(name);
            sources.add(new Source() {
                public String name() {
                    return name;
                }

                public DType dtype() {
                    return info.dtype();
                }

                public long[] shape() {
                    return info.shape();
                }

                public Tensor load() throws IOException {
                    return Tensor.read(from, name);
                }
            });
        }
        Map<String, String> meta = new LinkedHashMap<>(from.metadata());
        if (metadata != null) {
            meta.putAll(metadata);
        }
        write(file, sources, meta);
    }

    private static void write(Path file, List<Source> sources, Map<String, String> metadata) throws IOException {
        Path target = file.toAbsolutePath();
        // data order: larger elements first, so that each tensor starts at a multiple of its size
        List<Source> dataOrder = new ArrayList<>(sources);
        dataOrder.sort(Comparator.comparingInt((Source s) -> -s.dtype().byteSize()));
        Map<String, long[]> offsets = new LinkedHashMap<>();
        long pos = 0;
        for (Source s : dataOrder) {
            if (s.name().isEmpty() || s.name().equals("__metadata__")) {
                throw new CheckpointException(target, s.name(), "cannot write " + target + ": '" + s.name()
                        + "' is not a valid tensor name");
            }
            long n = new TensorInfo(s.name(), s.dtype(), s.shape()).byteSize();
            offsets.put(s.name(), new long[] {pos, pos + n});
            pos += n;
        }
        Map<String, Object> header = new LinkedHashMap<>();
        // "format" first, the other keys sorted: the same metadata gives the same bytes whatever
        // the order of the caller's map (Map.of iterates in an order that changes between runs)
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", metadata != null && metadata.containsKey("format") ? metadata.get("format") : "pt");
        if (metadata != null) {
            meta.putAll(new TreeMap<>(metadata));
        }
        header.put("__metadata__", meta);
        for (Source s : sources) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("dtype", s.dtype().name());
            h.put("shape", s.shape());
            h.put("data_offsets", offsets.get(s.name()));
            header.put(s.name(), h);
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8; // keeps the data block 8-byte aligned
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();

        com.layoutlens.data.AtomicFiles.write(target, ch -> {
            drain(ch, head);
            ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
            for (Source s : dataOrder) {
                Tensor t = s.load();
                if (t.dtype() != s.dtype() || !java.util.Arrays.equals(t.shape(), s.shape())) {
                    throw new CheckpointException(target, s.name(), "cannot write " + target + ": tensor '"
                            + s.name() + "' changed while being written");
                }
                encode(ch, buf, t, target, s.name());
            }
            buf.flip();
            drain(ch, buf);
        });
    }

    private static void encode(FileChannel ch, ByteBuffer buf, Tensor t, Path file, String name) throws IOException {
        int n = (int) t.numel();
        int es = t.dtype().byteSize();
        for (int i = 0; i < n; i++) {
            if (buf.remaining() < es) {
                buf.flip();
                drain(ch, buf);
                buf.clear();
            }
            if (t.data() instanceof float[] a) {
                float v = a[i];
                switch (t.dtype()) {
                    case F32 -> buf.putFloat(v);
                    case F16 -> buf.putShort(FloatFormats.floatToHalf(v));
                    case BF16 -> buf.putShort(FloatFormats.floatToBf16(v));
                    case F64 -> buf.putDouble(v);
                    default -> throw new IllegalStateException();
                }
            } else if (t.data() instanceof double[] a) {
                buf.putDouble(a[i]);
            } else if (t.data() instanceof int[] a) {
                buf.putInt(a[i]);
            } else {
                long v = ((long[]) t.data())[i];
                switch (t.dtype()) {
                    case I64 -> buf.putLong(v);
                    case I32 -> buf.putInt((int) range(v, Integer.MIN_VALUE, Integer.MAX_VALUE, file, name, i));
                    case I16 -> buf.putShort((short) range(v, Short.MIN_VALUE, Short.MAX_VALUE, file, name, i));
                    case I8 -> buf.put((byte) range(v, Byte.MIN_VALUE, Byte.MAX_VALUE, file, name, i));
                    case U8 -> buf.put((byte) range(v, 0, 255, file, name, i));
                    case BOOL -> buf.put((byte) range(v, 0, 1, file, name, i));
                    default -> throw new IllegalStateException();
                }
            }
        }
    }

    private static long range(long v, long min, long max, Path file, String name, int i) throws CheckpointException {
        if (v < min || v > max) {
            throw new CheckpointException(file, name, "cannot write " + file + ": tensor '" + name + "' element " + i
                    + " is " + v + ", outside the range of its dtype [" + min + ", " + max + "]");
        }
        return v;
    }

    private static void drain(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
