package com.layoutlens.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** Small array helpers. */
final class NDArrays {

    private NDArrays() {
    }

    /** Scalar arrays stacked into one, to be read back at once (one device synchronisation instead of one per array). */
    static NDArray stack(NDList scalars) {
        return ai.djl.ndarray.NDArrays.stack(scalars);
    }
}
