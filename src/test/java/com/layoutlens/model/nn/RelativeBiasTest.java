package com.layoutlens.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class RelativeBiasTest {

    @Test
    void bucketsFollowTheT5Scheme() {
        try (NDManager m = NDManager.newBaseManager()) {
            long[] rel = {0, 1, 7, 8, 16, -16, 127, 128, 1000, -1000, -1};
            NDArray d = m.create(rel);
            // 32 bins up to 128: 16 per sign, 8 of them exact (values from transformers)
            assertArrayEquals(new long[] {0, 17, 23, 24, 26, 10, 31, 31, 31, 15, 1},
                    RelativeBias.buckets(d, 32, 128).toLongArray());
            // 64 bins up to 256 (the 2D default): 32 per sign, 16 exact (values from transformers)
            assertArrayEquals(new long[] {0, 33, 39, 40, 48, 16, 59, 60, 63, 31, 1},
                    RelativeBias.buckets(d, 64, 256).toLongArray());
        }
    }
}
