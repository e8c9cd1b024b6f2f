package com.layoutlens.model.checkpoint;

import com.layoutlens.model.checkpoint.RestrictedUnpickler.StorageRef;
import com.layoutlens.model.checkpoint.RestrictedUnpickler.TensorRef;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checkpoint written by {@code torch.save}: the zip format of PyTorch 1.6 and later
 * ({@code <archive>/data.pkl} plus one uncompressed entry per storage under
 * {@code <archive>/data/}), or the older "legacy" format (a run of pickles followed by the raw
 * storages). The pickle goes through {@link RestrictedUnpickler}, so a file that tries to run
 * code is refused at open. Tensors may be views (offsets, strides, shared storages); each is
 * checked to lie inside its storage, and its storage inside the file, before anything is read.
 */
final class TorchCheckpoint extends MappedCheckpoint<TensorRef> {

    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);

    private final Map<String, Long> storageBase;
    private final ByteOrder order;

    private TorchCheckpoint(MappedFile file, Map<String, TensorRef> tensors, Map<String, Long> storageBase,
            ByteOrder order) {
        super(file, tensors);
        this.storageBase = storageBase;
        this.order = order;
    }

    static TorchCheckpoint open(Path path) throws CheckpointException {
        return open(path, f -> ZipDirectory.looksLikeZip(f) ? openZip(f) : openLegacy(f));
    }

    static TorchCheckpoint openZip(MappedFile f) throws CheckpointException {
        Path p = f.path();
        Map<String, ZipDirectory.Entry> entries = ZipDirectory.read(f);
        ZipDirectory.Entry pkl = null;
        for (ZipDirectory.Entry e : entries.values()) {
            if (e.name().endsWith("data.pkl") && e.name().indexOf('/') == e.name().length() - "data.pkl".length() - 1) {
                pkl = e;
                break;
            }
        }
        if (pkl == null) {
            throw new CheckpointException(p, null, p + " is a zip file but not a PyTorch checkpoint (no data.pkl)");
        }
        String prefix = pkl.name().substring(0, pkl.name().length() - "data.pkl".length());
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        ZipDirectory.Entry bo = entries.get(prefix + "byteorder");
        if (bo != null) {
            String s = new String(stored(f, bo), StandardCharsets.US_ASCII).trim();
            if (s.equals("big")) {
                order = ByteOrder.BIG_ENDIAN;
            } else if (!s.equals("little")) {
                throw new CheckpointException(p, null, p + ": unknown byte order '" + s + "'");
            }
        }
        RestrictedUnpickler.Result r = RestrictedUnpickler.load(p, ByteBuffer.wrap(stored(f, pkl)));
        Map<String, TensorRef> tensors = flatten(p, r.value());
        Map<String, Long> base = new HashMap<>();
        Map<String, Long> bytes = new HashMap<>();
        for (TensorRef t : tensors.values()) {
            String key = root(t.storage());
            if (!base.containsKey(key)) {
                ZipDirectory.Entry e = entries.get(prefix + "data/" + key);
                if (e == null) {
                    throw new CheckpointException(p, null, p + ": storage '" + key + "' is missing from the archive");
                }
                if (e.method() != 0) {
                    throw new CheckpointException(p, null, p + ": storage '" + key
                            + "' is compressed; PyTorch never writes that (was the file re-zipped?)");
                }
                base.put(key, e.dataOffset());
                bytes.put(key, e.size());
            }
        }
        check(p, tensors, bytes);
        return new TorchCheckpoint(f, tensors, base, order);
    }

    /**
     * The format of {@code torch.save} before 1.6: pickles of a magic number, the protocol
     * version, system info, the object, and the sorted storage keys; then, per key, an 8-byte
     * element count and the raw elements.
     */
    static TorchCheckpoint openLegacy(MappedFile f) throws CheckpointException {
        Path p = f.path();
        ByteBuffer all = f.window(0, f.size(), ByteOrder.LITTLE_ENDIAN);
        if (all.remaining() < 2 || (all.get(0) & 0xff) != 0x80) {
            throw new CheckpointException(p, null, p + " is neither a zip nor a pickle: not a PyTorch checkpoint");
        }
        RestrictedUnpickler.Result magic = RestrictedUnpickler.load(p, all);
        if (!LEGACY_MAGIC.equals(magic.value())) {
            throw new CheckpointException(p, null, p + " is a pickle but not a PyTorch checkpoint (no magic number)");
        }
        RestrictedUnpickler.Result version = RestrictedUnpickler.load(p, all.position(magic.end()));
        if (!Long.valueOf(1001).equals(version.value())) {
            throw new CheckpointException(p, null, p + ": unsupported legacy PyTorch format version " + version.value());
        }
        RestrictedUnpickler.Result info = RestrictedUnpickler.load(p, all.position(version.end()));
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        if (info.value() instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("little_endian"))) {
            order = ByteOrder.BIG_ENDIAN;
        }
        RestrictedUnpickler.Result main = RestrictedUnpickler.load(p, all.position(info.end()));
        RestrictedUnpickler.Result keys = RestrictedUnpickler.load(p, all.position(main.end()));
        if (!(keys.value() instanceof List<?> keyList)) {
            throw new CheckpointException(p, null, p + ": the legacy storage key list is missing");
        }
        Map<String, TensorRef> tensors = flatten(p, main.value());
        Map<String, Long> base = new HashMap<>();
        Map<String, Long> bytes = new HashMap<>();
        long pos = keys.end();
        for (Object k : keyList) {
            StorageRef s = main.storages().get(String.valueOf(k));
            if (s == null) {
                throw new CheckpointException(p, null, p + ": storage '" + k + "' is listed but never used");
            }
            if (pos + 8 > f.size()) {
                throw new CheckpointException(p, null, p + ": storage '" + k + "' starts at byte " + pos
                        + " but the file has only " + f.size() + " bytes");
            }
            long numel = f.window(pos, 8, ByteOrder.LITTLE_ENDIAN).getLong(0);
            long n = numel < 0 || numel > f.size() ? f.size() + 1 : numel * s.dtype().byteSize();
            if (numel < 0 || pos + 8 + n > f.size()) {
                throw new CheckpointException(p, null, p + ": storage '" + k + "' ends at byte " + (pos + 8 + n)
                        + " but the file has only " + f.size() + " bytes");
            }
            base.put(s.key(), pos + 8);
            bytes.put(s.key(), n);
            pos += 8 + n;
        }
        check(p, tensors, bytes);
        return new TorchCheckpoint(f, tensors, base, order);
    }

    private static byte[] stored(MappedFile f, ZipDirectory.Entry e) throws CheckpointException {
        if (e.method() != 0) {
            throw new CheckpointException(f.path(), null, f.path() + ": zip entry '" + e.name()
                    + "' is compressed; PyTorch never writes that (was the file re-zipped?)");
        }
        if (e.size() > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(f.path(), null, f.path() + ": zip entry '" + e.name() + "' is too large");
        }
        return f.bytes(e.dataOffset(), (int) e.size());
    }

    private static String root(StorageRef s) {
        return s.viewOf() != null ? s.viewOf() : s.key();
    }

    /** The tensors of a state dict, in insertion order; nested dicts give dotted names. */
    private static Map<String, TensorRef> flatten(Path p, Object root) throws CheckpointException {
        Map<String, TensorRef> out = new LinkedHashMap<>();
        if (root instanceof Map<?, ?> m) {
            flatten(m, "", out);
        }
        if (out.isEmpty()) {
            throw new CheckpointException(p, null, p + " holds no tensors: it is not a state dict");
        }
        return out;
    }

    private static void flatten(Map<?, ?> m, String prefix, Map<String, TensorRef> out) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String k)) {
                continue;
            }
            if (e.getValue() instanceof TensorRef t) {
                out.put(prefix + k, t);
            } else if (e.getValue() instanceof Map<?, ?> sub) {
                flatten(sub, prefix + k + ".", out);
            }
        }
    }

    /** Every element of every tensor must lie inside its storage, and every storage inside the file. */
    private static void check(Path p, Map<String, TensorRef> tensors, Map<String, Long> bytes)
            throws CheckpointException {
        for (Map.Entry<String, TensorRef> e : tensors.entrySet()) {
            String name = e.getKey();
            TensorRef t = e.getValue();
            StorageRef s = t.storage();
            long es = s.dtype().byteSize();
            Long availOrNull = bytes.get(root(s));
            if (availOrNull == null) {
                throw new CheckpointException(p, name, p + ": tensor '" + name + "' uses storage '" + root(s)
                        + "', which the file does not hold");
            }
            long avail = availOrNull;
            long storageEnd;
            try {
                storageEnd = Math.multiplyExact(Math.addExact(s.viewOffset(), s.numel()), es);
            } catch (ArithmeticException x) {
                storageEnd = Long.MAX_VALUE;
            }
            if (s.numel() < 0 || s.viewOffset() < 0 || storageEnd > avail) {
                throw new CheckpointException(p, name, p + ": tensor '" + name + "' uses storage '" + root(s)
                        + "' of " + s.numel() + " " + s.dtype() + " elements but the file holds only " + avail + " bytes of it");
            }
            long last = t.offset();
            boolean empty = false;
            for (int d = 0; d < t.size().length; d++) {
                if (t.size()[d] == 0) {
                    empty = true;
                }
            }
            try {
                for (int d = 0; d < t.size().length && !empty; d++) {
                    last = Math.addExact(last, Math.multiplyExact(t.size()[d] - 1, t.stride()[d]));
                }
            } catch (ArithmeticException x) {
                last = Long.MAX_VALUE;
            }
            if (!empty && (t.offset() < 0 || last >= s.numel())) {
                throw new CheckpointException(p, name, p + ": tensor '" + name + "' (offset " + t.offset() + ", size "
                        + Arrays.toString(t.size()) + ", stride " + Arrays.toString(t.stride())
                        + ") reaches element " + last + " of a storage of " + s.numel());
            }
        }
    }

    private TensorReader.Layout layout(TensorRef t) {
        StorageRef s = t.storage();
        return new TensorReader.Layout(s.dtype(), t.size(), t.stride(), s.viewOffset() + t.offset(),
                storageBase.get(root(s)), order);
    }

    @Override
    public TensorInfo info(String name) throws CheckpointException {
        TensorRef t = entry(name);
        return new TensorInfo(name, t.storage().dtype(), t.size());
    }

    @Override
    TensorReader.Layout layoutOf(String name) throws CheckpointException {
        return layout(entry(name));
    }
}
