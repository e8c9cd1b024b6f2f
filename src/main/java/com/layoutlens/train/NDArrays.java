package com.layoutlens.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** Small array helpers. */
final class NDArrays {

    private NDArrays() {
    }

    /** The sum of scalar arrays, read back once (one device synchronisation instead of one per array). */
    static double sumToDouble(NDList scalars) {
        if (scalars.isEmpty()) {
            return 0;
        }
        NDArray all = NDArrays.stack(scalars);
        return all.sum().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
    }

    private static NDArray stack(NDList scalars) {
        return ai.djl.ndarray.NDArrays.stack(scalars);
    }
}
