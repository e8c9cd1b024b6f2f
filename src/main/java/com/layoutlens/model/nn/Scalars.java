package com.layoutlens.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;

/**
 * An array combined with a number, the number held in the engine's own memory.
 *
 * <p>DJL's {@code mul(Number)}, {@code div(Number)}, {@code pow(Number)} and their siblings
 * wrap the number in a 0-dimensional array over a direct Java buffer, which PyTorch reads in
 * place on the CPU, and close that array as soon as the call returns. Autograd keeps the
 * number's array for the backward pass (the gradient of {@code x * c} is {@code c}); once the
 * garbage collector has freed the buffer, the backward pass reads whatever the memory holds by
 * then. A training step whose collection happened to fall between its forward and backward
 * passes got a wrong gradient (a gradient norm of 6.5e14 at one step of 800 where the same
 * run otherwise had 0.30), so two runs with the same seed parted ways depending on when the
 * collector ran. Here the number is made by the engine ({@code torch::full}, which owns its
 * memory), with the same type DJL would give it, so the values computed are the same and the
 * backward pass reads the number however late it runs.
 *
 * <p>Every operation on the training path whose gradient needs the number goes through here
 * ({@code ScalarLifetimeTest}). Sums with a number ({@code add(1f)}) keep nothing for the
 * backward pass and need no care.
 */
public final class Scalars {

    private Scalars() {
    }

    /** A 0-dimensional array of {@code n} on {@code like}'s device and manager, typed as DJL types a Number. */
    public static NDArray of(NDArray like, Number n) {
        DataType type = n instanceof Float ? DataType.FLOAT32
                : n instanceof Double ? DataType.FLOAT64
                : n instanceof Long ? DataType.INT64
                : n instanceof Integer ? DataType.INT32
                : null;
        if (type == null) {
            throw new IllegalArgumentException("unsupported number type " + n.getClass().getSimpleName());
        }
        return JniUtils.full((PtNDManager) like.getManager(), new Shape(), n.doubleValue(), type, like.getDevice(),
                SparseFormat.DENSE);
    }

    public static NDArray mul(NDArray x, Number n) {
        try (NDArray c = of(x, n)) {
            return x.mul(c);
        }
    }

    public static NDArray div(NDArray x, Number n) {
        try (NDArray c = of(x, n)) {
            return x.div(c);
        }
    }

    public static NDArray pow(NDArray x, Number n) {
        try (NDArray c = of(x, n)) {
            return x.pow(c);
        }
    }
}
