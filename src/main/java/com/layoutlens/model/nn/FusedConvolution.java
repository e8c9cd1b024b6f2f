package com.layoutlens.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.IValue;

/**
 * An inference convolution with its bias and ReLU in one pass: on the CPU, oneDNN's
 * {@code mkldnn::_convolution_pointwise} (the kernel PyTorch's compiler uses for a frozen
 * model) on channels-last maps, through a small scripted module ({@link ScriptedModule});
 * elsewhere, or where that kernel is missing, {@code conv2d} and a separate ReLU.
 *
 * <p>Against {@code conv2d} on the usual channels-first maps, the fused kernel saves the
 * activation's pass over each output and the layout changes oneDNN makes around every
 * call: LayoutLMv2's ResNeXt-101 visual branch, a batch of eight 224-pixel pages on two cores,
 * took 1,399 ms with its norms folded and this kernel, 1,600 ms folded and unfused, 1,746 ms
 * before. Its sums run in another order,
 * so results differ from {@code conv2d}'s in the last bits (about 1e-6 relative).
 *
 * <p>For inference only: the kernel has no gradient, so an input or weight that records
 * one takes the plain path.
 * Loading, failures and {@code -Dlayoutlens.fusedKernels=false}: {@link ScriptedModule.Shared}.
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

    private static final ScriptedModule.Shared KERNELS = new ScriptedModule.Shared("ConvKernels", SOURCE,
            "oneDNN's fused convolution", "convolutions run unfused");

    private FusedConvolution() {
    }

    /**
     * {@code relu(conv2d(x, weight, bias))} (without the ReLU when {@code relu} is false), square
     * stride, padding and dilation; the result belongs to {@code x}'s manager. Its layout may be
     * channels-last: shape and values are what {@code conv2d} gives.
     */
    public static NDArray apply(NDArray x, NDArray weight, NDArray bias, int stride, int padding, int dilation,
                                int groups, boolean relu) {
        if (!x.getDevice().isGpu() && !x.hasGradient() && !weight.hasGradient() && !bias.hasGradient()) {
            NDArray y = KERNELS.call("forward", x.getManager(), IValue.from((PtNDArray) x),
                    IValue.from((PtNDArray) weight), IValue.from((PtNDArray) bias), IValue.from(stride),
                    IValue.from(padding), IValue.from(dilation), IValue.from(groups), IValue.from(relu));
            if (y != null) {
                return y;
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
        if (KERNELS.worked() && !x.getDevice().isGpu() && !x.hasGradient() && !other.hasGradient()) {
            NDArray same = KERNELS.call("add_relu", x.getManager(), IValue.from((PtNDArray) x),
                    IValue.from((PtNDArray) other));
            if (same != null) {
                same.close(); // another handle on x's own memory, which now holds the result
                return x;
            }
        }
        return Activation.relu(x.add(other));
    }

    /** Whether the fused kernel is in use (it loaded and has not failed). */
    public static boolean available() {
        return KERNELS.available();
    }
}
