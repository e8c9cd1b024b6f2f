package com.layoutlens.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import com.layoutlens.model.nn.WeightSlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdamWTest {

    @TempDir
    Path tmp;

    private static WeightSlot slot(NDManager m, String name, float[] values) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        NDArray a = m.create(values, new Shape(values.length));
        a.setRequiresGradient(true);
        p.setArray(a);
        return new WeightSlot(name, p, new Shape(values.length));
    }

    /** Backward of sum(w * c): the gradient of w is c. */
    private static void gradients(NDManager m, List<WeightSlot> slots, float[][] grads) {
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager step = m.newSubManager(); GradientCollector gc = engine.newGradientCollector()) {
            NDArray loss = null;
            for (int i = 0; i < slots.size(); i++) {
                NDArray term = slots.get(i).parameter().getArray().mul(step.create(grads[i])).sum();
                loss = loss == null ? term : loss.add(term);
            }
            gc.backward(loss);
        }
    }

    /** torch.optim.AdamW written out in doubles. */
    private static double[] reference(double p, double[] grads, double lr, double wd) {
        double m = 0;
        double v = 0;
        for (int t = 1; t <= grads.length; t++) {
            double g = grads[t - 1];
            p *= 1 - lr * wd;
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            double denom = Math.sqrt(v) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
            p -= lr / (1 - Math.pow(0.9, t)) * m / denom;
        }
        return new double[] {p, m, v};
    }

    @Test
    void updatesMatchTorchAdamWAndLeaveBiasesUndecayed() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            WeightSlot w = slot(m, "encoder.dense.weight", new float[] {0.5f, -1.0f});
            WeightSlot b = slot(m, "encoder.dense.bias", new float[] {0.25f});
            WeightSlot ln = slot(m, "encoder.LayerNorm.weight", new float[] {1.0f});
            List<WeightSlot> slots = List.of(w, b, ln);
            double lr = 0.01;
            double wd = 0.1;
            float[][] g1 = {{0.2f, -0.4f}, {0.3f}, {-0.05f}};
            float[][] g2 = {{-0.1f, 0.6f}, {0.3f}, {0.02f}};
            try (AdamW opt = new AdamW(slots, wd, m); NDManager scratch = m.newSubManager()) {
                gradients(m, slots, g1);
                opt.update(lr, 0, scratch);
                gradients(m, slots, g2);
                opt.update(lr, 0, scratch);
                assertEquals(2, opt.step());
                float[] wv = w.parameter().getArray().toFloatArray();
                assertEquals(reference(0.5, new double[] {0.2, -0.1}, lr, wd)[0], wv[0], 1e-6);
                assertEquals(reference(-1.0, new double[] {-0.4, 0.6}, lr, wd)[0], wv[1], 1e-6);
                assertEquals(reference(0.25, new double[] {0.3, 0.3}, lr, 0)[0],
                        b.parameter().getArray().toFloatArray()[0], 1e-6);
                assertEquals(reference(1.0, new double[] {-0.05, 0.02}, lr, 0)[0],
                        ln.parameter().getArray().toFloatArray()[0], 1e-6);
                // gradients are zeroed after each update
                assertArrayEquals(new float[] {0f, 0f}, w.parameter().getArray().getGradient().toFloatArray());
            }
        }
    }

    /**
     * Several steps on random weights against torch.optim.AdamW's formula written out in
     * doubles (decoupled decay, bias corrections, eps outside the corrected square root,
     * clipping by the global norm), with gradients from large to tiny (where the placement of
     * eps shows).
     */
    @Test
    void randomWeightsFollowTheTextbookFormulaOverSeveralSteps() {
        java.util.Random random = new java.util.Random(7);
        String[] names = {"a.dense.weight", "a.dense.bias", "b.LayerNorm.weight", "c.tiny.weight"};
        int[] sizes = {300, 40, 24, 64};
        double[] gradScale = {1.0, 0.3, 0.05, 1e-7};
        double lr = 3e-3;
        double wd = 0.01;
        double clipNorm = 2.0;
        int steps = 6;
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            double[][] p = new double[names.length][];
            double[][] mom1 = new double[names.length][];
            double[][] mom2 = new double[names.length][];
            // bound on the first moment's float32 rounding so far: each step adds a few units in
            // the last place of its terms, and earlier steps' errors shrink by beta1
            double[][] bound1 = new double[names.length][];
            List<WeightSlot> slots = new java.util.ArrayList<>();
            for (int i = 0; i < names.length; i++) {
                float[] init = new float[sizes[i]];
                for (int k = 0; k < init.length; k++) {
                    init[k] = (float) random.nextGaussian();
                }
                p[i] = new double[sizes[i]];
                for (int k = 0; k < init.length; k++) {
                    p[i][k] = init[k];
                }
                mom1[i] = new double[sizes[i]];
                mom2[i] = new double[sizes[i]];
                bound1[i] = new double[sizes[i]];
                slots.add(slot(m, names[i], init));
            }
            try (AdamW opt = new AdamW(slots, wd, m); NDManager scratch = m.newSubManager()) {
                for (int t = 1; t <= steps; t++) {
                    float[][] g = new float[names.length][];
                    double sq = 0;
                    for (int i = 0; i < names.length; i++) {
                        g[i] = new float[sizes[i]];
                        for (int k = 0; k < sizes[i]; k++) {
                            g[i][k] = (float) (random.nextGaussian() * gradScale[i]);
                            sq += (double) g[i][k] * g[i][k];
                        }
                    }
                    gradients(m, slots, g);
                    double norm = opt.update(lr, clipNorm, scratch);
                    assertEquals(Math.sqrt(sq), norm, 1e-5 * Math.sqrt(sq));
                    // the clip factor from the norm found (checked just above), as a float as torch has it
                    double clip = Math.min(1.0, (float) (clipNorm / (norm + 1e-6)));
                    double[][] terms = new double[names.length][];
                    for (int i = 0; i < names.length; i++) {
                        double decay = AdamW.decays(names[i]) ? wd : 0;
                        terms[i] = new double[sizes[i]];
                        for (int k = 0; k < sizes[i]; k++) {
                            double gk = g[i][k] * clip;
                            terms[i][k] = 0.9 * Math.abs(mom1[i][k]) + 0.1 * Math.abs(gk);
                            bound1[i][k] = 0.9 * bound1[i][k] + 1e-6 * terms[i][k];
                            p[i][k] *= 1 - lr * decay;
                            mom1[i][k] = 0.9 * mom1[i][k] + 0.1 * gk;
                            mom2[i][k] = 0.999 * mom2[i][k] + 0.001 * gk * gk;
                            double denom = Math.sqrt(mom2[i][k]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
                            p[i][k] -= lr / (1 - Math.pow(0.9, t)) * mom1[i][k] / denom;
                        }
                    }
                    for (int i = 0; i < names.length; i++) {
                        float[] got = slots.get(i).parameter().getArray().toFloatArray();
                        float[] m1 = opt.firstMoment(i).toFloatArray();
                        for (int k = 0; k < sizes[i]; k++) {
                            String where = names[i] + "[" + k + "] at step " + t;
                            // float32 arithmetic against doubles: a few units in the last place of
                            // the terms summed (the moment can be far smaller than its terms)
                            assertEquals(p[i][k], got[k], 2e-6 * Math.max(1, Math.abs(p[i][k])), where);
                            assertEquals(mom1[i][k], m1[k], bound1[i][k] + 1e-20, where);
                        }
                        assertArrayEquals(new float[sizes[i]],
                                slots.get(i).parameter().getArray().getGradient().toFloatArray(), names[i]);
                    }
                }
                assertEquals(steps, opt.step());
            }
        }
    }

    @Test
    void clippingScalesAllGradientsByTheirGlobalNorm() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            WeightSlot a = slot(m, "a.weight", new float[] {0f});
            WeightSlot b = slot(m, "b.weight", new float[] {0f});
            try (AdamW opt = new AdamW(List.of(a, b), 0, m); NDManager scratch = m.newSubManager()) {
                gradients(m, List.of(a, b), new float[][] {{3f}, {4f}});
                double norm = opt.update(1e-3, 1.0, scratch);
                assertEquals(5.0, norm, 1e-5);
                // first moment = 0.1 * clipped gradient = 0.1 * (3, 4) / 5
                assertEquals(0.06, opt.firstMoment(0).toFloatArray()[0], 1e-6);
                assertEquals(0.08, opt.firstMoment(1).toFloatArray()[0], 1e-6);
            }
        }
    }

    @Test
    void stateRoundTripsThroughAFile() throws Exception {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            WeightSlot a = slot(m, "a.weight", new float[] {1f, 2f});
            Path file = tmp.resolve("optimizer.safetensors");
            try (AdamW opt = new AdamW(List.of(a), 0.01, m); NDManager scratch = m.newSubManager()) {
                gradients(m, List.of(a), new float[][] {{0.5f, -0.5f}});
                opt.update(1e-3, 1.0, scratch);
                opt.save(file);
            }
            try (AdamW back = new AdamW(List.of(a), 0.01, m)) {
                back.load(file, 1);
                assertEquals(1, back.step());
                assertArrayEquals(new float[] {0.05f, -0.05f}, back.firstMoment(0).toFloatArray(), 1e-7f);
            }
        }
    }

    /**
     * Two steps in one go against one step, save, load into a new optimizer, one more step:
     * the same weights bit for bit (the restored step counters give the same bias corrections).
     */
    @Test
    void aResumedOptimizerContinuesBitForBit() throws Exception {
        float[][] g1 = {{0.5f, -0.25f}};
        float[][] g2 = {{-0.125f, 0.75f}};
        Path file = tmp.resolve("resume.safetensors");
        float[] straight;
        float[] resumed;
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            WeightSlot a = slot(m, "a.weight", new float[] {1f, 2f});
            try (AdamW opt = new AdamW(List.of(a), 0.01, m); NDManager scratch = m.newSubManager()) {
                gradients(m, List.of(a), g1);
                opt.update(1e-2, 1.0, scratch);
                gradients(m, List.of(a), g2);
                opt.update(1e-2, 1.0, scratch);
            }
            straight = a.parameter().getArray().toFloatArray();
        }
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            WeightSlot a = slot(m, "a.weight", new float[] {1f, 2f});
            try (AdamW opt = new AdamW(List.of(a), 0.01, m); NDManager scratch = m.newSubManager()) {
                gradients(m, List.of(a), g1);
                opt.update(1e-2, 1.0, scratch);
                opt.save(file);
            }
            try (AdamW back = new AdamW(List.of(a), 0.01, m); NDManager scratch = m.newSubManager()) {
                back.load(file, 1);
                gradients(m, List.of(a), g2);
                back.update(1e-2, 1.0, scratch);
                assertEquals(2, back.step());
            }
            resumed = a.parameter().getArray().toFloatArray();
        }
        assertArrayEquals(straight, resumed);
    }

    @Test
    void decayRuleFollowsTransformers() {
        assertTrue(AdamW.decays("layoutlm.encoder.layer.0.attention.self.query.weight"));
        assertTrue(AdamW.decays("classifier.weight"));
        assertFalse(AdamW.decays("classifier.bias"));
        assertFalse(AdamW.decays("layoutlm.embeddings.LayerNorm.weight"));
        assertFalse(AdamW.decays("layoutlm.encoder.layer.1.output.LayerNorm.bias"));
    }
}
