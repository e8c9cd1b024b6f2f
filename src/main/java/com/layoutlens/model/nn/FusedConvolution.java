package com.layoutlens.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;

import java.io.IOException;

/**
 * An inference convolution with its bias and ReLU in one pass: on the CPU, oneDNN's
 * {@code mkldnn::_convolution_pointwise} (the kernel PyTorch's compiler uses for a frozen
 * model) on channels-last maps, through a small scripted module ({@link ScriptedModule});
 * elsewhere, or where that kernel is missing, {@code conv2d} and a separate ReLU.
 *
 * <p>Against {@code conv2d} on the usual channels-first maps, the fused kernel saves the
 * activation's pass over each output and the layout changes oneDNN makes around every
 * call; on a ResNeXt-101 backbone with batch norms folded into the convolutions, a batch of
 * eight 224-pixel pages took a fifth less time on two cores. Its sums run in another order,
 * so results differ from {@code conv2d}'s in the last bits (about 1e-6 relative).
 *
 * <p>For inference only: the kernel has no gradient, so an input or weight that records
 * one takes the plain path. A kernel that cannot be loaded, or fails on its first call, is
 * not used again in this process (the plain path takes over, with a note on the error
 * stream); once it has worked, a failure (out of memory) is thrown as the plain path's
 * would be. The system property {@code layoutlens.fusedKernels=false} turns
 * the fused kernel off (to measure it against the plain path), as it does {@link
 * FusedAttention}.
 */
public final class FusedConvolution {

    /** The scripted module's source, as the engine's importer reads it. */
    static final String SOURCE = """
            class ConvKernels(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.ConvKernels,
                x: Tensor,
                weight: Tensor,
                bias: Tensor,
                stride: int,
                padding: int,
                dilation: int,
                groups: int,
                relu: bool) -> Tensor:
                if torch.__not__(torch.is_contiguous(x, 2)):
                  x0 = torch.contiguous(x, memory_format=2)
                else:
                  x0 = x
                if relu:
                  attr = "relu"
                else:
                  attr = "none"
                _0 = annotate(List[Optional[number]], [])
                return ops.mkldnn._convolution_pointwise(x0, weight, bias, [padding, padding], [stride, stride], [dilation, dilation], groups, attr, _0, None)
              def add_relu(self: __torch__.ConvKernels,
                x: Tensor,
                other: Tensor) -> Tensor:
                return torch.relu_(torch.add_(x, other))
            """;

    private static final Object LOCK = new Object();
    private static volatile PtSymbolBlock module;
    private static volatile boolean unavailable = !FusedAttention.ENABLED;
    /** Whether a call succeeded: after that, a failure is the call's own and is thrown. */
    private static volatile boolean worked;

    private FusedConvolution() {
    }

    /**
     * {@code relu(conv2d(x, weight, bias))} (without the ReLU when {@code relu} is false), square
     * stride, padding and dilation; the result belongs to {@code x}'s manager. Its layout may be
     * channels-last: shape and values are what {@code conv2d} gives.
     */
    public static NDArray apply(NDArray x, NDArray weight, NDArray bias, int stride, int padding, int dilation,
                                int groups, boolean relu) {
        PtSymbolBlock kernels = x.getDevice().isGpu() || x.hasGradient() || weight.hasGradient()
                || bias.hasGradient() ? null : kernels();
        if (kernels != null) {
            IValue[] args = {
                IValue.from((PtNDArray) x), IValue.from((PtNDArray) weight), IValue.from((PtNDArray) bias),
                IValue.from(stride), IValue.from(padding), IValue.from(dilation), IValue.from(groups),
                IValue.from(relu),
            };
            try (IValue out = IValueUtils.forward(kernels, args)) {
                NDArray y = out.toTensor((PtNDManager) x.getManager());
                worked = true;
                return y;
            } catch (RuntimeException e) {
                if (worked) {
                    throw e; // the kernel runs here: this is the input's or the memory's failure
                }
                disable("the fused convolution failed on its first call, on " + x.getShape(), e);
            } finally {
                for (IValue a : args) {
                    a.close();
                }
            }
        }
        NDArray y = HfConv2d.conv(x, weight, bias, stride, padding, dilation, groups);
        return relu ? Activation.relu(y) : y;
    }

    /**
     * {@code relu(x + other)}, written into {@code x} where the engine can (a residual block's
     * sum, whose convolution output nothing else reads), saving two new maps a block; else a new
     * array. Inference only, as {@link #apply}.
     */
    public static NDArray addRelu(NDArray x, NDArray other) {
        PtSymbolBlock kernels = x.getDevice().isGpu() || x.hasGradient() || other.hasGradient() ? null : kernels();
        if (kernels != null && worked) {
            IValue[] args = {IValue.from((PtNDArray) x), IValue.from((PtNDArray) other)};
            try {
                IValueUtils.runMethod(kernels, "add_relu", args).close();
                return x;
            } finally {
                for (IValue a : args) {
                    a.close();
                }
            }
        }
        return Activation.relu(x.add(other));
    }

    /** Whether the fused kernel is in use (it loaded and has not failed). */
    public static boolean available() {
        return kernels() != null;
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
                        m = ScriptedModule.load(owner, "ConvKernels", SOURCE);
                        module = m;
                    } catch (IOException | RuntimeException e) {
                        disable("oneDNN's fused convolution could not be loaded", e);
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
            System.err.println("note: " + why + " (" + cause + "); convolutions run unfused, a little slower");
        }
    }
}
