package com.layoutlens.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.IValue;

/**
 * Inference attention in one kernel: PyTorch's {@code scaled_dot_product_attention}
 * ({@code softmax(q k^T * scale + mask) v}), through a small scripted module ({@link
 * ScriptedModule}). On the CPU it is the flash-attention kernel, which never writes the
 * (B, heads, L, L) scores and probabilities out: on two cores, eight sequences of 256 tokens,
 * 12 heads, took 12 ms against 37 ms for the product, the mask, the softmax and the second
 * product one by one (PyTorch 2.7.1, the native library DJL runs, timed from Python). The sums run in blocks, so results differ from the step-by-step
 * computation in the last bits (about 1e-6).
 *
 * <p>For inference only: {@link TransformerLayer} uses it outside training, and inputs that
 * record a gradient are left to the step-by-step path.
 * Loading, failures and {@code -Dlayoutlens.fusedKernels=false}: {@link ScriptedModule.Shared}.
 */
public final class FusedAttention {

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

    private static final ScriptedModule.Shared KERNELS = new ScriptedModule.Shared("AttentionKernels", SOURCE,
            "the fused attention", "attention runs step by step");

    private FusedAttention() {
    }

    /** Whether {@link #attend} can be used (the kernel loaded and has not failed). */
    public static boolean available() {
        return KERNELS.available();
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
        if (recording) {
            return null;
        }
        PtNDArray[] in = mask == null ? new PtNDArray[] {(PtNDArray) q, (PtNDArray) k, (PtNDArray) v}
                : new PtNDArray[] {(PtNDArray) q, (PtNDArray) k, (PtNDArray) v, (PtNDArray) mask};
        IValue[] args = new IValue[in.length + 1];
        for (int i = 0; i < in.length; i++) {
            args[i] = IValue.from(in[i]);
        }
        args[in.length] = IValue.from(scale);
        return KERNELS.call(mask == null ? "unmasked" : "forward", q.getManager(), args);
    }
}
