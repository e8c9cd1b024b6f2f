package com.layoutlens.train;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import com.layoutlens.model.nn.ScriptedModule;

import java.io.IOException;
import java.util.List;

/**
 * The engine's multi-tensor kernels for one optimizer step: gradient clipping by the global
 * norm ({@code _foreach_norm}, {@code _foreach_mul_}, as {@code clip_grad_norm_} does) and
 * the fused AdamW update ({@code _fused_adamw_}: decay, both moments and the step in one pass
 * over each weight), each one native call for all weights.
 *
 * <p>DJL exposes neither kernel, but it runs TorchScript: a small scripted module calls them
 * ({@link ScriptedModule}, loaded from memory once) and this class calls its methods with
 * lists of tensors.
 */
final class FusedAdamW implements AutoCloseable {

    /** The scripted module's source, as the engine's importer reads it. */
    static final String SOURCE = """
            class AdamWStep(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.AdamWStep,
                grads: List[Tensor],
                max_norm: float) -> Tensor:
                norms = torch._foreach_norm(grads, 2.)
                total = torch.linalg_vector_norm(torch.stack(norms), 2.)
                if max_norm > 0.:
                  coef = torch.clamp(torch.mul(torch.reciprocal(torch.add(total, 1e-06)), max_norm), None, 1.)
                  torch._foreach_mul_(grads, coef)
                return total
              def update(self: __torch__.AdamWStep,
                params: List[Tensor],
                grads: List[Tensor],
                exp_avgs: List[Tensor],
                exp_avg_sqs: List[Tensor],
                steps: List[Tensor],
                lr: float,
                beta1: float,
                beta2: float,
                weight_decay: float,
                eps: float) -> NoneType:
                torch._foreach_add_(steps, 1.)
                torch._fused_adamw_(params, grads, exp_avgs, exp_avg_sqs, annotate(List[Tensor], []), steps, lr=lr, beta1=beta1, beta2=beta2, weight_decay=weight_decay, eps=eps, amsgrad=False, maximize=False)
                torch._foreach_zero_(grads)
                return None
            """;

    private final PtSymbolBlock module;

    FusedAdamW(NDManager manager) {
        try {
            module = ScriptedModule.load(manager, "AdamWStep", SOURCE);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the optimizer's fused kernels (_fused_adamw_, _foreach_norm) could not"
                    + " be loaded from PyTorch's native library " + ai.djl.engine.Engine.getEngine("PyTorch").getVersion()
                    + " (2.4 or newer is needed): " + e.getMessage(), e);
        }
    }

    /**
     * Clips the gradients in place to a global norm (no clipping when {@code maxNorm <= 0})
     * and returns the norm before clipping, a float32 scalar array.
     */
    PtNDArray clip(List<PtNDArray> grads, double maxNorm, PtNDManager manager) {
        try (IValue list = IValue.listFrom(grads.toArray(PtNDArray[]::new));
             IValue max = IValue.from(maxNorm);
             IValue out = IValueUtils.forward(module, new IValue[] {list, max})) {
            return out.toTensor(manager);
        }
    }

    /**
     * One AdamW step for a group of weights sharing a decay: each step counter is advanced,
     * weights and moments updated in place, gradients zeroed.
     */
    void update(List<PtNDArray> params, List<PtNDArray> grads, List<PtNDArray> m, List<PtNDArray> v,
                List<PtNDArray> steps, double lr, double beta1, double beta2, double weightDecay, double eps) {
        IValue[] args = {
            IValue.listFrom(params.toArray(PtNDArray[]::new)),
            IValue.listFrom(grads.toArray(PtNDArray[]::new)),
            IValue.listFrom(m.toArray(PtNDArray[]::new)),
            IValue.listFrom(v.toArray(PtNDArray[]::new)),
            IValue.listFrom(steps.toArray(PtNDArray[]::new)),
            IValue.from(lr), IValue.from(beta1), IValue.from(beta2), IValue.from(weightDecay), IValue.from(eps),
        };
        try {
            IValueUtils.runMethod(module, "update", args).close();
        } finally {
            for (IValue a : args) {
                a.close();
            }
        }
    }

    @Override
    public void close() {
        module.close();
    }
}
