package com.layoutlens.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.CheckpointException;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.checkpoint.SafetensorsWriter;
import com.layoutlens.model.checkpoint.Tensor;
import com.layoutlens.model.nn.WeightSlot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.optim.AdamW} over named weights, with global-norm gradient clipping.
 *
 * <p>Written here rather than taken from DJL because DJL's AdamW decays every parameter
 * (transformers leaves biases and LayerNorm weights undecayed), clips gradients element by
 * element rather than by their global norm, and keeps its moments where a checkpoint
 * cannot reach them. Here the moments are plain arrays under a manager of their own,
 * updated in place, and saved and restored by weight name, so that a resumed run continues
 * with exactly the state it stopped with.
 *
 * <p>Update per weight at step t (1-based): {@code p -= lr wd p} (decayed weights only);
 * {@code m = b1 m + (1-b1) g}; {@code v = b2 v + (1-b2) g^2};
 * {@code p -= lr / (1-b1^t) * m / (sqrt(v) / sqrt(1-b2^t) + eps)}. Each weight is updated by
 * one call into PyTorch's native library (the engine's Adam kernel, with the learning rate and
 * epsilon rescaled so that it computes the formula above), not by a dozen small array
 * operations, each a native call with its own temporary array.
 */
public final class AdamW implements AutoCloseable {

    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPSILON = 1e-8;

    private final List<WeightSlot> weights;
    private final boolean[] decay;
    private final double weightDecay;
    private final NDManager stateManager;
    private final NDArray[] m;
    private final NDArray[] v;
    private int step;

    /**
     * @param weights     the weights to update, each holding an array that records gradients
     * @param weightDecay the decoupled decay of weights other than biases and normalisation weights
     * @param manager     the weights' manager; the moments live in a sub-manager of it
     */
    public AdamW(List<WeightSlot> weights, double weightDecay, NDManager manager) {
        this.weights = List.copyOf(weights);
        this.weightDecay = weightDecay;
        this.decay = new boolean[weights.size()];
        this.stateManager = manager.newSubManager();
        this.m = new NDArray[weights.size()];
        this.v = new NDArray[weights.size()];
        for (int i = 0; i < weights.size(); i++) {
            decay[i] = decays(weights.get(i).name());
            NDArray p = weights.get(i).parameter().getArray();
            m[i] = stateManager.zeros(p.getShape(), DataType.FLOAT32, p.getDevice());
            v[i] = stateManager.zeros(p.getShape(), DataType.FLOAT32, p.getDevice());
        }
    }

    /** transformers' rule: no decay for biases and the weights of normalisation layers. */
    public static boolean decays(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return !n.endsWith("bias") && !n.contains("layernorm") && !n.contains("layer_norm") && !n.contains("norm.");
    }

    /** Updates taken so far. */
    public int step() {
        return step;
    }

    /**
     * Clips the gradients to a global norm, updates every weight in place and zeroes the
     * gradients for the next backward pass.
     *
     * @param lr          this step's learning rate
     * @param maxGradNorm the clip norm; 0 leaves gradients as they are
     * @param scratch     a per-step manager for the temporaries
     * @return the global gradient norm before clipping
     */
    public double update(double lr, double maxGradNorm, NDManager scratch) {
        int n = weights.size();
        PtNDArray[] grads = new PtNDArray[n];
        NDList norms = new NDList(n);
        for (int i = 0; i < n; i++) {
            NDArray g = weights.get(i).parameter().getArray().getGradient();
            g.attach(scratch); // the wrapper, not the gradient itself, is freed with the step
            grads[i] = (PtNDArray) g;
            norms.add(g.norm());
        }
        // as clip_grad_norm_: the norm of the weights' norms, read back in one transfer
        double sumOfSquares = 0;
        for (float x : n == 0 ? new float[0] : NDArrays.stack(norms).toFloatArray()) {
            sumOfSquares += (double) x * x;
        }
        double norm = Math.sqrt(sumOfSquares);
        float clip = 1f;
        if (maxGradNorm > 0) {
            double coef = maxGradNorm / (norm + 1e-6);
            if (coef < 1) {
                clip = (float) coef;
            }
        }
        step++;
        double bc1 = 1 - Math.pow(BETA1, step);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(BETA2, step));
        // The native update divides by sqrt(v) + eps' and scales by lr': with
        // lr' = lr sqrt(bc2) / bc1 and eps' = eps sqrt(bc2) that is torch's
        // lr / bc1 * m / (sqrt(v) / sqrt(bc2) + eps), the same value up to float rounding.
        float stepRate = (float) (lr * bc2Sqrt / bc1);
        float epsilon = (float) (EPSILON * bc2Sqrt);
        for (int i = 0; i < n; i++) {
            PtNDArray p = (PtNDArray) weights.get(i).parameter().getArray();
            float wd = decay[i] ? (float) weightDecay : 0f;
            // one native call per weight: the gradient scaled by the clip, p -= lr wd p, both
            // moments, and the step (the gradient itself is left as it is)
            JniUtils.adamUpdate(p, grads[i], (PtNDArray) m[i], (PtNDArray) v[i], (float) lr, stepRate, wd, clip,
                    -1f, (float) BETA1, (float) BETA2, epsilon, true);
            JniUtils.zeroGrad(p);
        }
        return norm;
    }

    /** Writes the moments as {@code m.NAME} / {@code v.NAME} float32 tensors with the step in the metadata. */
    public void save(Path file) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < weights.size(); i++) {
            long[] shape = m[i].getShape().getShape();
            tensors.put("m." + weights.get(i).name(), Tensor.of(m[i].toFloatArray(), shape));
            tensors.put("v." + weights.get(i).name(), Tensor.of(v[i].toFloatArray(), shape));
        }
        SafetensorsWriter.write(file, tensors, Map.of("step", String.valueOf(step), "optimizer", "adamw"));
    }

    /**
     * Restores moments saved by {@link #save}.
     *
     * @param savedStep the step count stored beside them
     * @throws TrainingException naming the file and the first tensor that is missing or has another shape
     */
    public void load(Path file, int savedStep) throws TrainingException {
        try (Checkpoint c = Checkpoints.open(file)) {
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < weights.size(); i++) {
                for (String kind : new String[] {"m.", "v."}) {
                    String key = kind + weights.get(i).name();
                    NDArray target = kind.equals("m.") ? m[i] : v[i];
                    if (!c.contains(key)) {
                        problems.add(key + " missing");
                        continue;
                    }
                    long[] shape = c.info(key).shape();
                    if (!Arrays.equals(shape, target.getShape().getShape())) {
                        problems.add(key + " has shape " + Arrays.toString(shape) + ", expected "
                                + target.getShape());
                        continue;
                    }
                    target.set(c.readFloats(key));
                }
            }
            if (!problems.isEmpty()) {
                throw new TrainingException(file + ": optimizer state does not fit the model: " + problems.get(0)
                        + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
            }
        } catch (CheckpointException e) {
            throw new TrainingException(e.getMessage(), e);
        }
        this.step = savedStep;
    }

    /** The first moment of a weight (tests). */
    NDArray firstMoment(int index) {
        return m[index];
    }

    Shape shape(int index) {
        return m[index].getShape();
    }

    @Override
    public void close() {
        stateManager.close();
    }
}
