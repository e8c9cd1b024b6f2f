package com.layoutlens.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;

import java.io.IOException;

/**
 * Inference attention in one kernel: PyTorch's {@code scaled_dot_product_attention}
 * ({@code softmax(q k^T * scale + mask) v}), through a small scripted module ({@link
 * ScriptedModule}). On the CPU it is the flash-attention kernel, which never writes the
 * (B, heads, L, L) scores and probabilities out: on two cores, eight sequences of 256 tokens,
 * 12 heads, took 12 ms against 37 ms for the product, the mask, the softmax and the second
 * product one by one. The sums run in blocks, so results differ from the step-by-step
 * computation in the last bits (about 1e-6).
 *
 * <p>For inference only: {@link TransformerLayer} uses it outside training, and inputs that
 * record a gradient are left to the step-by-step path. A kernel that cannot be loaded, or
 * fails on its first call, is not used again in this process (with a note on the error
 * stream); once it has worked, a failure (out of memory) is thrown. The system property
 * {@code layoutlens.fusedKernels=false} turns it off, with {@link FusedConvolution}, to
 * measure it against the step-by-step path.
 */
public final class FusedAttention {

    /** Whether the fused kernels may be used at all ({@code layoutlens.fusedKernels}, default true). */
    static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("layoutlens.fusedKernels", "true"));

    /** The scripted module's source, as the engine's importer reads it. */
    static final String SOURCE = """
            class AttentionKernels(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.AttentionKernels,
                q: Tensor,
                k: Tensor,
                v: Tensor,
                mask: Tensor,
                scale: float) -> Tensor:
                return torch.scaled_dot_product_attention(q, k, v, mask, 0., False, scale=scale)
              def unmasked(self: __torch__.AttentionKernels,
                q: Tensor,
                k: Tensor,
                v: Tensor,
                scale: float) -> Tensor:
                return torch.scaled_dot_product_attention(q, k, v, None, 0., False, scale=scale)
            """;

    private static final Object LOCK = new Object();
    private static volatile PtSymbolBlock module;
    private static volatile boolean unavailable = !ENABLED;
    /** Whether a call succeeded: after that, a failure is the call's own and is thrown. */
    private static volatile boolean worked;

    private FusedAttention() {
    }

    /** Whether {@link #attend} can be used (the kernel loaded and has not failed). */
    public static boolean available() {
        return kernels() != null;
    }

    /**
     * {@code softmax(q k^T * scale + mask) v} over the last two dimensions; the result belongs to
     * {@code q}'s manager.
     *
     * @param q    (B, heads, Lq, d)
     * @param k    (B, heads, L, d)
     * @param v    (B, heads, L, d)
     * @param mask added to the scaled scores, broadcastable to (B, heads, Lq, L); null for none
     * @return (B, heads, Lq, d), or null when the kernel is not available or an input records a
     *         gradient (the caller computes it step by step)
     */
    public static NDArray attend(NDArray q, NDArray k, NDArray v, NDArray mask, double scale) {
        // the engine runs scripted code without recording gradients: an input that records one
        // is computed step by step, so that its gradient reaches through
        boolean recording = q.hasGradient() || k.hasGradient() || v.hasGradient()
                || (mask != null && mask.hasGradient());
        PtSymbolBlock kernels = recording ? null : kernels();
        if (kernels == null) {
            return null;
        }
        IValue[] args = mask == null
                ? new IValue[] {IValue.from((PtNDArray) q), IValue.from((PtNDArray) k), IValue.from((PtNDArray) v),
                    IValue.from(scale)}
                : new IValue[] {IValue.from((PtNDArray) q), IValue.from((PtNDArray) k), IValue.from((PtNDArray) v),
                    IValue.from((PtNDArray) mask), IValue.from(scale)};
        try (IValue out = mask == null ? IValueUtils.runMethod(kernels, "unmasked", args)
                : IValueUtils.forward(kernels, args)) {
            NDArray context = out.toTensor((PtNDManager) q.getManager());
            worked = true;
            return context;
        } catch (RuntimeException e) {
            if (worked) {
                throw e; // the kernel runs here: this is the input's or the memory's failure
            }
            disable("the fused attention failed on its first call, on " + q.getShape(), e);
            return null;
        } finally {
            for (IValue a : args) {
                a.close();
            }
        }
    }

    private static PtSymbolBlock kernels() {
        if (unavailable) {
            return null;
        }
        PtSymbolBlock m = module;
        if (m == null) {
            synchronized (LOCK) {
                if (unavailable) {
                    return null;
                }
                m = module;
                if (m == null) {
                    try {
                        // process-wide, like the engine's own kernels: never closed
                        NDManager owner = NDManager.newBaseManager(ai.djl.Device.cpu(), "PyTorch");
                        m = ScriptedModule.load(owner, "AttentionKernels", SOURCE);
                        module = m;
                    } catch (IOException | RuntimeException e) {
                        disable("the fused attention could not be loaded", e);
                        return null;
                    }
                }
            }
        }
        return m;
    }

    private static void disable(String why, Exception cause) {
        if (!unavailable) {
            unavailable = true;
            System.err.println("note: " + why + " (" + cause + "); attention runs step by step, a little slower");
        }
    }
}
