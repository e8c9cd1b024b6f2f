package com.layoutlens.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LossesAndScheduleTest {

    @Test
    void crossEntropyAveragesOverLabelledTokensOnly() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            float[] logits = {2f, 0f, 0f, /* ignored */ 9f, -9f, 0f, 0f, 1f, 3f};
            long[] labels = {0, -100, 2};
            double l0 = -Math.log(Math.exp(2) / (Math.exp(2) + 2));
            double l2 = -Math.log(Math.exp(3) / (1 + Math.exp(1) + Math.exp(3)));
            float loss = Losses.crossEntropy(m.create(logits, new Shape(1, 3, 3)), m.create(labels, new Shape(1, 3)))
                    .getFloat();
            assertEquals((l0 + l2) / 2, loss, 1e-6);
        }
    }

    @Test
    void crossEntropyOfNothingLabelledIsZero() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            float loss = Losses.crossEntropy(m.create(new float[] {1f, 2f}, new Shape(1, 1, 2)),
                    m.create(new long[] {-100}, new Shape(1, 1))).getFloat();
            assertEquals(0f, loss, 0f);
        }
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            0,   0.0
            5,   0.5
            10,  1.0
            55,  0.5
            100, 0.0
            """)
    void rateRisesThenFallsLinearly(int step, double fraction) {
        assertEquals(fraction, new LinearSchedule(1.0, 10, 100).rate(step), 1e-12);
    }

    @Test
    void stepSeedsDiffer() {
        assertEquals(TrainingRun.stepSeed(42, 7), TrainingRun.stepSeed(42, 7));
        org.junit.jupiter.api.Assertions.assertNotEquals(TrainingRun.stepSeed(42, 7), TrainingRun.stepSeed(42, 8));
        org.junit.jupiter.api.Assertions.assertNotEquals(TrainingRun.stepSeed(42, 7), TrainingRun.stepSeed(43, 7));
    }
}
