package com.layoutlens.model.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Turns the bytes of a (possibly strided) tensor in a mapped file into a row-major Java array.
 * Contiguous tensors, nearly all of them, are converted in bulk, chunk by chunk; strided views
 * (a transposed weight saved as is) element by element.
 */
final class TensorReader {

    /**
     * Where a tensor's elements are: the storage starts at byte {@code base} of the file, and
     * element {@code (i0, i1, ...)} is storage element {@code offset + sum(ik * strides[k])}.
     */
    record Layout(DType dtype, long[] shape, long[] strides, long offset, long base, ByteOrder order) {

        static Layout contiguous(DType dtype, long[] shape, long base, ByteOrder order) {
            return new Layout(dtype, shape, rowMajorStrides(shape), 0, base, order);
        }

        boolean isContiguous() {
            long expected = 1;
            for (int d = shape.length - 1; d >= 0; d--) {
                if (shape[d] != 1 && strides[d] != expected) {
                    return false;
                }
                expected *= shape[d];
            }
            return true;
        }
    }

    private TensorReader() {
    }

    static long[] rowMajorStrides(long[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            s[d] = acc;
            acc *= shape[d];
        }
        return s;
    }

    static int arrayLength(MappedFile f, String name, long[] shape) throws CheckpointException {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(f.path(), name, f.path() + ": tensor '" + name + "' has " + n
                    + " elements, more than a Java array holds");
        }
        return (int) n;
    }

    /** A read that holds the file's mapping while it runs. */
    private interface Read<T> {
        T run() throws CheckpointException;
    }

    /** Runs {@code read} with the mapping held, so a concurrent close waits for it. */
    private static <T> T locked(MappedFile f, Read<T> read) throws CheckpointException {
        f.acquire();
        try {
            return read.run();
        } finally {
            f.release();
        }
    }

    static float[] readFloats(MappedFile f, String name, Layout l) throws CheckpointException {
        return locked(f, () -> readFloatsLocked(f, name, l));
    }

    private static float[] readFloatsLocked(MappedFile f, String name, Layout l) throws CheckpointException {
        if (!l.dtype().isFloatingPoint()) {
            throw new CheckpointException(f.path(), name, f.path() + ": tensor '" + name + "' holds " + l.dtype()
                    + " values, not floating point; read it as integers");
        }
        int n = arrayLength(f, name, l.shape());
        float[] out = new float[n];
        walk(f, l, n, new Elements() {
            @Override
            public void bulk(ByteBuffer w, int done, int k) {
                decodeFloats(w, l.dtype(), out, done, k);
            }

            @Override
            public void one(ByteBuffer b, int r, int i) {
                out[i] = switch (l.dtype()) {
                    case F32 -> b.getFloat(r);
                    case F16 -> FloatFormats.halfToFloat(b.getShort(r));
                    case BF16 -> FloatFormats.bf16ToFloat(b.getShort(r));
                    case F64 -> (float) b.getDouble(r);
                    default -> throw new IllegalStateException();
                };
            }
        });
        return out;
    }

    /** Decodes a tensor's elements into the output array, in row-major order. */
    private interface Elements {
        /** Elements {@code done .. done + k - 1}, contiguous in {@code w} from its position on. */
        void bulk(ByteBuffer w, int done, int k);

        /** Element {@code i}, at byte {@code r} of {@code b}. */
        void one(ByteBuffer b, int r, int i);
    }

    /**
     * Walks the {@code n} elements of a tensor: a contiguous one in bulk, a window of the file
     * at a time; a strided view element by element.
     */
    private static void walk(MappedFile f, Layout l, int n, Elements e) throws CheckpointException {
        int es = l.dtype().byteSize();
        if (l.isContiguous()) {
            long pos = l.base() + l.offset() * es;
            int done = 0;
            while (done < n) {
                ByteBuffer w = f.window(pos, (long) (n - done) * es, l.order());
                int k = Math.min(n - done, w.remaining() / es);
                e.bulk(w, done, k);
                done += k;
                pos += (long) k * es;
            }
        } else {
            StridedWalk walk = new StridedWalk(l);
            for (int i = 0; i < n; i++) {
                long at = l.base() + walk.next() * es;
                e.one(f.chunkAt(at, l.order()), f.rel(at), i);
            }
        }
    }

    static double[] readDoubles(MappedFile f, String name, Layout l) throws CheckpointException {
        return locked(f, () -> readDoublesLocked(f, name, l));
    }

    private static double[] readDoublesLocked(MappedFile f, String name, Layout l) throws CheckpointException {
        if (l.dtype() != DType.F64) {
            float[] v = readFloatsLocked(f, name, l);
            double[] out = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = v[i];
            }
            return out;
        }
        int n = arrayLength(f, name, l.shape());
        double[] out = new double[n];
        StridedWalk walk = new StridedWalk(l);
        for (int i = 0; i < n; i++) {
            long at = l.base() + walk.next() * 8;
            out[i] = f.chunkAt(at, l.order()).getDouble(f.rel(at));
        }
        return out;
    }

    static long[] readLongs(MappedFile f, String name, Layout l) throws CheckpointException {
        return locked(f, () -> readLongsLocked(f, name, l));
    }

    private static long[] readLongsLocked(MappedFile f, String name, Layout l) throws CheckpointException {
        if (l.dtype().isFloatingPoint()) {
            throw new CheckpointException(f.path(), name, f.path() + ": tensor '" + name + "' holds " + l.dtype()
                    + " values, not integers; read it as floats");
        }
        int n = arrayLength(f, name, l.shape());
        long[] out = new long[n];
        int es = l.dtype().byteSize();
        walk(f, l, n, new Elements() {
            @Override
            public void bulk(ByteBuffer w, int done, int k) {
                for (int j = 0; j < k; j++) {
                    out[done + j] = longAt(w, l.dtype(), j * es);
                }
            }

            @Override
            public void one(ByteBuffer b, int r, int i) {
                out[i] = longAt(b, l.dtype(), r);
            }
        });
        return out;
    }

    static int[] readInts(MappedFile f, String name, Layout l) throws CheckpointException {
        return locked(f, () -> readIntsLocked(f, name, l));
    }

    private static int[] readIntsLocked(MappedFile f, String name, Layout l) throws CheckpointException {
        long[] v = readLongsLocked(f, name, l);
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != (int) v[i]) {
                throw new CheckpointException(f.path(), name, f.path() + ": tensor '" + name + "' element " + i
                        + " is " + v[i] + ", which does not fit an int; read it as longs");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    private static long longAt(ByteBuffer b, DType t, int at) {
        return switch (t) {
            case I64 -> b.getLong(at);
            case I32 -> b.getInt(at);
            case I16 -> b.getShort(at);
            case I8 -> b.get(at);
            case U8 -> b.get(at) & 0xff;
            case BOOL -> b.get(at) != 0 ? 1 : 0;
            default -> throw new IllegalStateException(t.name());
        };
    }

    private static void decodeFloats(ByteBuffer w, DType t, float[] out, int at, int k) {
        switch (t) {
            case F32 -> w.asFloatBuffer().get(out, at, k);
            case F16 -> {
                for (int j = 0; j < k; j++) {
                    out[at + j] = FloatFormats.halfToFloat(w.getShort(j * 2));
                }
            }
            case BF16 -> {
                for (int j = 0; j < k; j++) {
                    out[at + j] = FloatFormats.bf16ToFloat(w.getShort(j * 2));
                }
            }
            case F64 -> {
                for (int j = 0; j < k; j++) {
                    out[at + j] = (float) w.getDouble(j * 8);
                }
            }
            default -> throw new IllegalStateException(t.name());
        }
    }

    /** Storage indices of a strided tensor's elements in row-major order. */
    private static final class StridedWalk {
        private final long[] shape;
        private final long[] strides;
        private final long[] index;
        private long offset;
        private boolean started;

        StridedWalk(Layout l) {
            shape = l.shape();
            strides = l.strides();
            index = new long[shape.length];
            offset = l.offset();
        }

        long next() {
            if (!started) {
                started = true;
                return offset;
            }
            for (int d = shape.length - 1; d >= 0; d--) {
                index[d]++;
                offset += strides[d];
                if (index[d] < shape[d]) {
                    return offset;
                }
                offset -= strides[d] * index[d];
                index[d] = 0;
            }
            throw new IllegalStateException("walked past the end " + Arrays.toString(shape));
        }
    }
}
