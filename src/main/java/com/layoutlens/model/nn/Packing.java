package com.layoutlens.model.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import java.util.Arrays;
import java.util.List;

/**
 * Inference over a padded batch without its padding: the positions each sequence attends to
 * (those its mask keeps) are taken out of the (B, L, H) batch once, one sequence after the
 * other, and every layer runs on those rows only. The products of the layers then do no work
 * for padding, and each sequence's attention covers its own length, without a mask; the last
 * layer computes its outputs at the positions asked for only.
 *
 * <p>A position's result is the padded computation's: padding only ever entered through keys
 * the mask gives no weight. The attention's blocks follow each sequence's own length, so the
 * last bits may differ (about 1e-6).
 */
public final class Packing {

    /** Packed passes run in this process. */
    private static final java.util.concurrent.atomic.AtomicLong PASSES = new java.util.concurrent.atomic.AtomicLong();

    private Packing() {
    }

    /** Packed passes run in this process (tests check that the models' passes take this path). */
    public static long passes() {
        return PASSES.get();
    }

    /**
     * Whether prediction packs its layers: {@code -Dlayoutlens.packing=false} runs the padded
     * layers instead, to measure the difference (read on every pass, so a benchmark can alternate).
     */
    public static boolean enabled() {
        return Boolean.parseBoolean(System.getProperty("layoutlens.packing", "true"));
    }

    /**
     * The last layer's outputs at {@code rows}: (B, S, H), or null when the fused kernels are not
     * available or a row is a padded position (the caller then runs the padded layers).
     *
     * @param hidden    (B, L, H)
     * @param maskAdd   (B, 1, 1, L) additive mask (0 where attended), or null when nothing is padded
     * @param scoreBias (B or 1, heads, L, L), or null
     * @param rows      (B, S) int64 positions
     */
    static NDArray encode(List<TransformerLayer> layers, ParameterStore ps, NDArray hidden, NDArray maskAdd,
                          NDArray scoreBias, NDArray rows) {
        if (!enabled() || !FusedAttention.available() || hidden.hasGradient()) {
            return null;
        }
        Shape shape = hidden.getShape();
        int batch = (int) shape.get(0);
        int length = (int) shape.get(1);
        int asked = (int) rows.getShape().get(1);
        float[] mask = maskAdd == null ? null : maskAdd.toFloatArray();
        long[] wanted = rows.toLongArray();
        long[] lens = new long[batch];
        long[] positions = new long[batch * length];
        long[] flat = new long[batch * length];
        long[] queries = new long[batch * asked];
        long[] queryLens = new long[batch];
        int n = 0;
        int[] packedAt = new int[length];
        for (int b = 0; b < batch; b++) {
            int start = n;
            for (int t = 0; t < length; t++) {
                if (mask == null || mask[b * length + t] == 0f) {
                    packedAt[t] = n - start;
                    positions[n] = t;
                    flat[n++] = (long) b * length + t;
                } else {
                    packedAt[t] = -1;
                }
            }
            lens[b] = n - start;
            queryLens[b] = asked;
            for (int i = 0; i < asked; i++) {
                long row = wanted[b * asked + i];
                if (row < 0 || row >= length || packedAt[(int) row] < 0) {
                    return null;
                }
                queries[b * asked + i] = start + packedAt[(int) row];
            }
        }
        NDManager m = hidden.getManager();
        Device device = hidden.getDevice();
        NDArray positionArray = m.create(Arrays.copyOf(positions, n)).toDevice(device, false);
        int last = layers.size() - 1;
        NDArray bias = null;
        NDArray lastBias = null;
        if (scoreBias != null) {
            bias = last == 0 ? null : FusedAttention.packBias(scoreBias, positionArray, lens, positionArray, lens);
            lastBias = FusedAttention.packBias(scoreBias, rows.reshape(-1).toDevice(device, false), queryLens,
                    positionArray, lens);
            if ((last > 0 && bias == null) || lastBias == null) {
                return null;
            }
        }
        NDArray x = rows(hidden.reshape(-1, shape.get(2)), m.create(Arrays.copyOf(flat, n)).toDevice(device, false));
        for (int i = 0; i < last; i++) {
            NDArray done = x;
            x = layers.get(i).applyPacked(ps, x, bias, lens, lens, null);
            done.close(); // a layer's input is not needed once its output is there
        }
        NDArray out = layers.get(last).applyPacked(ps, x, lastBias, queryLens, lens,
                m.create(queries).toDevice(device, false));
        for (NDArray done : new NDArray[] {x, bias, lastBias, positionArray}) {
            if (done != null) {
                done.close();
            }
        }
        PASSES.incrementAndGet();
        return out.reshape(batch, asked, shape.get(2));
    }

    /** The rows {@code index} of a (N, H) array. */
    static NDArray rows(NDArray x, NDArray index) {
        long h = x.getShape().get(x.getShape().dimension() - 1);
        return x.gather(index.expandDims(1).broadcast(index.getShape().get(0), h), 0);
    }
}
