package com.layoutlens.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Loss functions DJL lacks. */
public final class Losses {

    /** PyTorch's default ignore index, which the encoder puts on special and continuation tokens. */
    public static final long IGNORE = -100;

    private Losses() {
    }

    /**
     * {@code torch.nn.functional.cross_entropy(logits.view(-1, C), labels.view(-1), ignore_index=-100)}:
     * the mean negative log-likelihood over the tokens whose label is not {@value #IGNORE}
     * (0 when there are none).
     *
     * @param logits (..., C) float32
     * @param labels (...) int64
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray logp = logits.logSoftmax(-1);
        NDArray kept = labels.neq(IGNORE);
        NDArray safe = labels.mul(kept.toType(DataType.INT64, false));
        NDArray picked = logp.gather(safe.expandDims(-1), -1).squeeze(-1);
        NDArray weight = kept.toType(DataType.FLOAT32, false);
        return picked.mul(weight).sum().neg().div(weight.sum().maximum(1f));
    }
}
