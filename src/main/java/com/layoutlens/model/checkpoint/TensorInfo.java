package com.layoutlens.model.checkpoint;

import java.util.Arrays;

/**
 * What a checkpoint says about one tensor, before any of its data is read: enough to check a
 * model's parameter shapes and to size buffers.
 *
 * @param name  the state-dict key, e.g. {@code layoutlm.encoder.layer.0.attention.self.query.weight}
 * @param dtype the element type on disk
 * @param shape the dimensions, outermost first; empty for a scalar
 */
public record TensorInfo(String name, DType dtype, long[] shape) {

    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements: the product of the dimensions, 1 for a scalar. */
    public long numel() {
        return numel(shape);
    }

    /** The product of the dimensions, 1 for a scalar. */
    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Number of bytes the tensor takes on disk, stored contiguously. */
    public long byteSize() {
        return numel() * dtype.byteSize();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && t.name.equals(name) && t.dtype == dtype && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + dtype.hashCode()) * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape);
    }
}
