package com.layoutlens.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.layoutlens.model.nn.WeightSlot;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.CheckpointException;
import com.layoutlens.model.checkpoint.TensorInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Copies checkpoint tensors into a block's parameters by their Hugging Face names.
 *
 * <p>Everything is checked before any data is read: every slot must find its tensor (or
 * be allowed to start fresh), and every shape must match the configuration. The report
 * lists what was loaded, what starts fresh, what was deliberately ignored (heads of other
 * tasks, buffers) and what was in the checkpoint but unknown to the model, like the
 * warnings transformers prints.
 */
public final class WeightLoader {

    /**
     * What a load did.
     *
     * @param nonFinite the loaded tensors holding NaN or infinite values, each as
     *                  {@code name (n values)}: a model with such weights gives outputs that are not
     *                  finite, and a run says which tensors are to blame
     */
    public record Report(List<String> loaded, List<String> fresh, List<String> ignored, List<String> unexpected,
                         List<String> nonFinite) {

        public Report {
            loaded = List.copyOf(loaded);
            fresh = List.copyOf(fresh);
            ignored = List.copyOf(ignored);
            unexpected = List.copyOf(unexpected);
            nonFinite = List.copyOf(nonFinite);
        }

        public Report(List<String> loaded, List<String> fresh, List<String> ignored, List<String> unexpected) {
            this(loaded, fresh, ignored, unexpected, List.of());
        }

        /** One line for a log or a status bar. */
        public String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append(loaded.size()).append(" tensors loaded");
            if (!fresh.isEmpty()) {
                sb.append(", ").append(fresh.size()).append(" newly initialised (").append(shortList(fresh)).append(')');
            }
            if (!ignored.isEmpty()) {
                sb.append(", ").append(ignored.size()).append(" ignored");
            }
            if (!unexpected.isEmpty()) {
                sb.append(", ").append(unexpected.size()).append(" unexpected (").append(shortList(unexpected)).append(')');
            }
            if (!nonFinite.isEmpty()) {
                sb.append(", ").append(nonFinite.size()).append(" with NaN or infinite values (")
                        .append(shortList(nonFinite)).append(')');
            }
            return sb.toString();
        }
    }

    private WeightLoader() {
    }

    /**
     * What a checkpoint's header says about a model's slots, before any data is read: which
     * checkpoint key fills each slot, which slots start fresh, and every problem (two keys for
     * one weight, a wrong shape, a missing weight, an unreadable header entry). Loading and
     * {@code models list} both decide from this, so they cannot disagree about a folder.
     *
     * @param problems one line per problem, each naming the checkpoint and the tensor; empty when
     *                 the weights fit the configuration
     */
    public record Plan(List<WeightSlot> slots, Map<String, String> keys, List<String> fresh, List<String> ignored,
                       List<String> unexpected, List<String> problems, Checkpoint source) {

        public Plan {
            slots = List.copyOf(slots);
            keys = Map.copyOf(keys);
            fresh = List.copyOf(fresh);
            ignored = List.copyOf(ignored);
            unexpected = List.copyOf(unexpected);
            problems = List.copyOf(problems);
        }

        /** Whether every slot finds a tensor of the right shape (or may start fresh). */
        public boolean ok() {
            return problems.isEmpty();
        }

        /** The exception a load fails with: the first problem, and how many more there are. */
        public ModelFolderException failure() {
            return new ModelFolderException(problems.get(0)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : ""));
        }
    }

    /**
     * Matches the slots against the checkpoint's names and shapes (header only, no tensor data).
     *
     * @param slots      the model's weights, from {@link HfModule#weightSlots(String)}
     * @param source     the checkpoint
     * @param keyMap     maps a checkpoint key to the model's naming (legacy names, a missing prefix);
     *                   identity when the checkpoint already matches
     * @param mayBeFresh slots allowed to be absent: they keep no array and {@code initialize} draws them
     * @param ignorable  checkpoint keys the model knowingly does not use
     */
    public static Plan plan(List<WeightSlot> slots, Checkpoint source, UnaryOperator<String> keyMap,
                            Predicate<String> mayBeFresh, Predicate<String> ignorable) {
        List<String> problems = new ArrayList<>();
        Map<String, String> byModelName = new HashMap<>();
        for (String key : new TreeSet<>(source.names())) {
            String mapped = keyMap.apply(key);
            String before = byModelName.put(mapped, key);
            if (before != null) {
                problems.add(source.source() + ": tensors '" + before + "' and '" + key + "' both provide '"
                        + mapped + "'");
            }
        }
        List<String> missing = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        List<String> wrongShape = new ArrayList<>();
        Map<String, String> keys = new HashMap<>();
        Set<String> used = new HashSet<>();
        for (WeightSlot slot : slots) {
            String key = byModelName.get(slot.name());
            if (key == null) {
                if (mayBeFresh.test(slot.name())) {
                    fresh.add(slot.name());
                } else {
                    missing.add(slot.name());
                }
                continue;
            }
            used.add(key);
            keys.put(slot.name(), key);
            TensorInfo info;
            try {
                info = source.info(key);
            } catch (CheckpointException e) {
                problems.add(e.getMessage());
                continue;
            }
            long[] shape = info.shape();
            if (!Arrays.equals(shape, slot.shape().getShape())) {
                wrongShape.add(source.source() + ": tensor '" + key + "' has shape " + Arrays.toString(shape)
                        + ", the configuration needs " + Arrays.toString(slot.shape().getShape()));
            } else if (!info.dtype().isFloatingPoint()) {
                wrongShape.add(source.source() + ": tensor '" + key + "' holds " + info.dtype()
                        + " values, the model needs floating point");
            }
        }
        problems.addAll(wrongShape);
        if (!missing.isEmpty()) {
            problems.add(source.source() + ": " + missing.size() + " weights missing: " + shortList(missing));
        }
        List<String> ignored = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (String key : new TreeSet<>(source.names())) {
            if (!used.contains(key)) {
                (ignorable.test(key) ? ignored : unexpected).add(key);
            }
        }
        return new Plan(slots, keys, fresh, ignored, unexpected, problems, source);
    }

    /**
     * Loads the slots' tensors.
     *
     * @param slots      the model's weights, from {@link HfModule#weightSlots(String)}; their parameters must
     *                   not hold arrays yet
     * @param source     the checkpoint
     * @param manager    the manager (and so the device) the weights will live on
     * @param keyMap     maps a checkpoint key to the model's naming (legacy names, a missing prefix);
     *                   identity when the checkpoint already matches
     * @param mayBeFresh slots allowed to be absent: they keep no array and {@code initialize} draws them
     * @param ignorable  checkpoint keys the model knowingly does not use
     * @throws ModelFolderException naming the source and the first tensors that are missing, have the wrong
     *                              shape or cannot be read
     */
    public static Report load(List<WeightSlot> slots, Checkpoint source, NDManager manager,
                              UnaryOperator<String> keyMap, Predicate<String> mayBeFresh,
                              Predicate<String> ignorable) throws ModelFolderException {
        return load(plan(slots, source, keyMap, mayBeFresh, ignorable), manager);
    }

    /**
     * Loads the tensors of a {@link #plan}, which must have no problems.
     *
     * @throws ModelFolderException the plan's first problem, or a tensor whose data cannot be read
     */
    public static Report load(Plan plan, NDManager manager) throws ModelFolderException {
        if (!plan.ok()) {
            throw plan.failure();
        }
        Checkpoint source = plan.source();
        for (WeightSlot slot : plan.slots()) {
            if (slot.parameter().isInitialized()) {
                throw new IllegalStateException("parameter for '" + slot.name() + "' already holds an array");
            }
        }
        List<String> loaded = new ArrayList<>();
        List<String> nonFinite = new ArrayList<>();
        for (WeightSlot slot : plan.slots()) {
            String key = plan.keys().get(slot.name());
            if (key == null) {
                continue;
            }
            float[] data;
            try {
                data = source.readFloats(key);
            } catch (CheckpointException e) {
                throw new ModelFolderException(e.getMessage(), e);
            }
            int bad = 0;
            for (float v : data) {
                if (!Float.isFinite(v)) {
                    bad++;
                }
            }
            if (bad > 0) {
                nonFinite.add(key + " (" + bad + (bad == 1 ? " value)" : " values)"));
            }
            NDArray staged = manager.create(data, new Shape(slot.shape().getShape()));
            // The engine wraps the direct buffer it copied the values into, and the JVM caps direct
            // memory at the heap size: a model larger than the heap would not fit. A copy owned by
            // the engine lets that buffer go as soon as the staging array is closed.
            NDArray array = staged.duplicate();
            staged.close();
            slot.parameter().setArray(array);
            loaded.add(slot.name());
        }
        return new Report(loaded, plan.fresh(), plan.ignored(), plan.unexpected(), nonFinite);
    }

    static String shortList(List<String> names) {
        int shown = Math.min(5, names.size());
        String s = String.join(", ", names.subList(0, shown));
        return names.size() > shown ? s + ", ... (" + (names.size() - shown) + " more)" : s;
    }
}
