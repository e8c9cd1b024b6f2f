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
              def packed(self: __torch__.AttentionKernels,
                q: Tensor,
                k: Tensor,
                v: Tensor,
                bias: Tensor,
                qlens: List[int],
                kvlens: List[int],
                heads: int,
                scale: float) -> Tensor:
                outs = annotate(List[Tensor], [])
                d = torch.floordiv(torch.size(q, 1), heads)
                biased = torch.gt(torch.numel(bias), 0)
                qo = 0
                ko = 0
                bo = 0
                for i in range(torch.len(qlens)):
                  nq = qlens[i]
                  nk = kvlens[i]
                  qi = torch.transpose(torch.reshape(torch.narrow(q, 0, qo, nq), [1, nq, heads, d]), 1, 2)
                  ki = torch.transpose(torch.reshape(torch.narrow(k, 0, ko, nk), [1, nk, heads, d]), 1, 2)
                  vi = torch.transpose(torch.reshape(torch.narrow(v, 0, ko, nk), [1, nk, heads, d]), 1, 2)
                  nb = torch.mul(torch.mul(heads, nq), nk)
                  if biased:
                    m = torch.reshape(torch.narrow(bias, 0, bo, nb), [1, heads, nq, nk])
                    o = torch.scaled_dot_product_attention(qi, ki, vi, m, 0., False, scale=scale)
                  else:
                    o = torch.scaled_dot_product_attention(qi, ki, vi, None, 0., False, scale=scale)
                  _0 = torch.append(outs, torch.reshape(torch.transpose(o, 1, 2), [nq, torch.mul(heads, d)]))
                  qo = torch.add(qo, nq)
                  ko = torch.add(ko, nk)
                  bo = torch.add(bo, nb)
                return torch.cat(outs)
              def pack_bias(self: __torch__.AttentionKernels,
                bias: Tensor,
                qpos: Tensor,
                qlens: List[int],
                kvpos: Tensor,
                kvlens: List[int]) -> Tensor:
                outs = annotate(List[Tensor], [])
                shared = torch.eq(torch.size(bias, 0), 1)
                qo = 0
                ko = 0
                for i in range(torch.len(qlens)):
                  nq = qlens[i]
                  nk = kvlens[i]
                  j = i
                  if shared:
                    j = 0
                  rows = torch.index_select(torch.select(bias, 0, j), 1, torch.narrow(qpos, 0, qo, nq))
                  cells = torch.index_select(rows, 2, torch.narrow(kvpos, 0, ko, nk))
                  _0 = torch.append(outs, torch.reshape(cells, [-1]))
                  qo = torch.add(qo, nq)
                  ko = torch.add(ko, nk)
                return torch.cat(outs)
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

    /**
     * Attention over packed sequences: each sequence's rows follow the previous one's, with no
     * padding, so no mask is needed and each sequence attends over its own length only.
     * Sequence {@code i} has {@code qLens[i]} query rows and {@code kvLens[i]} key and value rows.
     *
     * @param q    (sum of qLens, heads x d)
     * @param k    (sum of kvLens, heads x d)
     * @param v    (sum of kvLens, heads x d)
     * @param bias added to each sequence's scaled scores: the (heads, qLens[i], kvLens[i]) blocks
     *             one after the other, flattened ({@link #packBias}); null for none
     * @return (sum of qLens, heads x d), or null when the kernel is not available or an input
     *         records a gradient
     */
    public static NDArray attendPacked(NDArray q, NDArray k, NDArray v, NDArray bias, long[] qLens, long[] kvLens,
                                       int heads, double scale) {
        if (q.hasGradient() || k.hasGradient() || v.hasGradient() || (bias != null && bias.hasGradient())) {
            return null;
        }
        NDArray none = bias != null ? null : q.getManager().create(new float[0]);
        try {
            return KERNELS.call("packed", q.getManager(), IValue.from((PtNDArray) q), IValue.from((PtNDArray) k),
                    IValue.from((PtNDArray) v), IValue.from((PtNDArray) (bias != null ? bias : none)),
                    IValue.listFrom(qLens), IValue.listFrom(kvLens), IValue.from((long) heads), IValue.from(scale));
        } finally {
            if (none != null) {
                none.close();
            }
        }
    }

    /**
     * The blocks of a score bias that {@link #attendPacked} reads: for sequence {@code i}, the
     * rows {@code qPositions} and columns {@code kvPositions} of its (heads, L, L) bias, taken
     * {@code qLens[i]} and {@code kvLens[i]} at a time from the position lists.
     *
     * @param bias (B or 1, heads, L, L)
     * @return the blocks flattened one after the other, or null when the kernel is not available
     */
    public static NDArray packBias(NDArray bias, NDArray qPositions, long[] qLens, NDArray kvPositions,
                                   long[] kvLens) {
        return KERNELS.call("pack_bias", bias.getManager(), IValue.from((PtNDArray) bias),
                IValue.from((PtNDArray) qPositions), IValue.listFrom(qLens), IValue.from((PtNDArray) kvPositions),
                IValue.listFrom(kvLens));
    }
}
