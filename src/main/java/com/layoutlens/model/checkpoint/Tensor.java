package com.layoutlens.model.checkpoint;

import java.util.Arrays;

/**
 * Values to save under one name: a row-major Java array plus the shape and the dtype to store.
 * Float arrays may be stored as F32, F16, BF16 or F64 (rounded to nearest even when
 * narrowed), long arrays as any integer type or BOOL (range-checked when written), int arrays
 * as I32. The array is not copied: do not change it before it is written.
 *
 * @param dtype the element type written to the file
 * @param shape the dimensions; their product must equal the array length
 * @param data  a {@code float[]}, {@code double[]}, {@code long[]} or {@code int[]}
 */
public record Tensor(DType dtype, long[] shape, Object data) {

    public Tensor {
        shape = shape.clone();
        long numel = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            numel = Math.multiplyExact(numel, d);
        }
        int length;
        boolean fits;
        if (data instanceof float[] a) {
            length = a.length;
            fits = dtype.isFloatingPoint();
        } else if (data instanceof double[] a) {
            length = a.length;
            fits = dtype == DType.F64;
        } else if (data instanceof long[] a) {
            length = a.length;
            fits = !dtype.isFloatingPoint();
        } else if (data instanceof int[] a) {
            length = a.length;
            fits = dtype == DType.I32;
        } else {
            throw new IllegalArgumentException("tensor data must be float[], double[], long[] or int[], not "
                    + (data == null ? "null" : data.getClass().getSimpleName()));
        }
        if (!fits) {
            throw new IllegalArgumentException("a " + data.getClass().getSimpleName() + " cannot be stored as " + dtype);
        }
        if (length != numel) {
            throw new IllegalArgumentException(length + " values do not fill shape " + Arrays.toString(shape));
        }
    }

    /** float32 values. */
    public static Tensor of(float[] values, long... shape) {
        return new Tensor(DType.F32, shape, values);
    }

    /** float values stored as {@code dtype} (F32, F16, BF16 or F64). */
    public static Tensor of(DType dtype, float[] values, long... shape) {
        return new Tensor(dtype, shape, values);
    }

    /** int64 values. */
    public static Tensor of(long[] values, long... shape) {
        return new Tensor(DType.I64, shape, values);
    }

    /** integer values stored as {@code dtype} (any integer type or BOOL). */
    public static Tensor of(DType dtype, long[] values, long... shape) {
        return new Tensor(dtype, shape, values);
    }

    /** int32 values. */
    public static Tensor of(int[] values, long... shape) {
        return new Tensor(DType.I32, shape, values);
    }

    /** float64 values. */
    public static Tensor of(double[] values, long... shape) {
        return new Tensor(DType.F64, shape, values);
    }

    /**
     * Reads one tensor of a checkpoint, keeping its dtype, so that writing it back is lossless.
     */
    public static Tensor read(Checkpoint c, String name) throws CheckpointException {
        TensorInfo info = c.info(name);
        if (info.dtype() == DType.F64) {
            return new Tensor(DType.F64, info.shape(), c.readDoubles(name));
        }
        return info.dtype().isFloatingPoint()
                ? new Tensor(info.dtype(), info.shape(), c.readFloats(name))
                : new Tensor(info.dtype(), info.shape(), c.readLongs(name));
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public long numel() {
        return TensorInfo.numel(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && t.dtype == dtype && Arrays.equals(t.shape, shape)
                && Arrays.deepEquals(new Object[] {t.data}, new Object[] {data});
    }

    @Override
    public int hashCode() {
        return (dtype.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + Arrays.deepHashCode(new Object[] {data});
    }

    @Override
    public String toString() {
        return "Tensor[" + dtype + Arrays.toString(shape) + "]";
    }
}
