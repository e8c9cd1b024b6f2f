package com.layoutlens.train;

import ai.djl.ndarray.NDArray;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
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
 * {@code p -= lr / (1-b1^t) * m / (sqrt(v) / sqrt(1-b2^t) + eps)}. The clip and the update
 * are PyTorch's own multi-tensor kernels ({@link FusedAdamW}): one native call each for all
 * weights (one per decay group for the update), each weight read and written once.
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
    /** Each weight's step count as the fused kernel reads it (a float32 scalar, advanced by the kernel's caller). */
    private final NDArray[] steps;
    private final FusedAdamW kernels;
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
        this.steps = new NDArray[weights.size()];
        for (int i = 0; i < weights.size(); i++) {
            decay[i] = decays(weights.get(i).name());
            NDArray p = weights.get(i).parameter().getArray();
            m[i] = stateManager.zeros(p.getShape(), DataType.FLOAT32, p.getDevice());
            v[i] = stateManager.zeros(p.getShape(), DataType.FLOAT32, p.getDevice());
            steps[i] = stateManager.zeros(new Shape(), DataType.FLOAT32, p.getDevice());
        }
        try {
            this.kernels = new FusedAdamW(stateManager);
        } catch (RuntimeException e) {
            stateManager.close();
            throw e;
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
        List<PtNDArray> grads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            NDArray g = weights.get(i).parameter().getArray().getGradient();
            g.attach(scratch); // the wrapper, not the gradient itself, is freed with the step
            grads.add((PtNDArray) g);
        }
        double norm = 0;
        if (n > 0) {
            // as clip_grad_norm_: the norm of the weights' norms, the gradients scaled in place
            norm = kernels.clip(grads, maxGradNorm, (PtNDManager) scratch).getFloat();
        }
        for (boolean decayed : new boolean[] {true, false}) {
            List<PtNDArray> p = new ArrayList<>(n);
            List<PtNDArray> g = new ArrayList<>(n);
            List<PtNDArray> m1 = new ArrayList<>(n);
            List<PtNDArray> m2 = new ArrayList<>(n);
            List<PtNDArray> t = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                if (decay[i] == decayed) {
                    p.add((PtNDArray) weights.get(i).parameter().getArray());
                    g.add(grads.get(i));
                    m1.add((PtNDArray) m[i]);
                    m2.add((PtNDArray) v[i]);
                    t.add((PtNDArray) steps[i]);
                }
            }
            if (!p.isEmpty()) {
                kernels.update(p, g, m1, m2, t, lr, BETA1, BETA2, decayed ? weightDecay : 0, EPSILON);
            }
        }
        step++; // the kernels' own step counters have moved on with them
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
        for (int i = 0; i < steps.length; i++) {
            // a fresh array in the engine's memory rather than a Java buffer under the old one
            NDArray restored = stateManager.full(new Shape(), savedStep, DataType.FLOAT32).toDevice(
                    steps[i].getDevice(), false);
            steps[i].close();
            steps[i] = restored;
        }
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
        kernels.close();
        stateManager.close();
    }
}
