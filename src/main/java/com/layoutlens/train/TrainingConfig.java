package com.layoutlens.train;

import com.layoutlens.model.encode.BoxLevel;

import java.nio.file.Path;

/**
 * Everything a training run needs. Defaults follow the LayoutLM fine-tuning recipe
 * (learning rate 5e-5, windows of 512 tokens, seed 42, batch 8, 800 steps); a fresh
 * {@link Preset} brings its own learning rate unless one is given.
 *
 * @param data            receipt folder of any readable format ({@code format}); a SROIE folder's labels from
 *                        {@code labels/ID.csv}, else aligned from key files; another format's own labels
 * @param devData         a separate receipt folder for evaluation, or null to hold out part of {@code data}
 * @param out             where checkpoints, the best model and the log go
 * @param from            a Hugging Face model folder to fine-tune, or null
 * @param preset          a fresh model size when {@code from} is null
 * @param steps           optimizer steps
 * @param batchSize       windows per step
 * @param learningRate    peak learning rate; 0 means the default of the start point
 * @param weightDecay     AdamW decay, not applied to biases and LayerNorm weights
 * @param warmupRatio     share of the steps over which the rate rises linearly from 0
 * @param maxGradNorm     global gradient norm clip; 0 disables it
 * @param maxLength       tokens per window, special tokens included
 * @param seed            seeds weights, dropout, data order and the train/dev split
 * @param devFraction     share of {@code data}'s receipts held out for dev when {@code devData} is null
 * @param evalEvery       steps between dev evaluations (and at the end)
 * @param checkpointEvery steps between resumable checkpoints (and at the end)
 * @param device          {@code cpu}, {@code gpu}, {@code gpuN} or {@code auto}
 * @param resume          continue from {@code out/checkpoint} when it exists
 * @param modelType       the family a {@code preset} creates ({@code layoutlm} or {@code layoutlmv2}); a
 *                        folder to fine-tune or resume brings its own {@code model_type}
 * @param strict          stop before training when a receipt's label or key file has errors, instead of
 *                        leaving that receipt out of training and dev
 * @param fromEncoder     a plain text encoder folder (BERT or RoBERTa family) whose embeddings and layers start
 *                        a {@code modelType} model, the rest fresh; fine-tuned with the pretrained recipe
 * @param boxLevel        word- or segment-level boxes for the model's input; null: the folder's own
 *                        choice when fine-tuning or resuming, else word level
 * @param schema          the label schema asked for ({@code --schema}); null: the model folder's own, else
 *                        sroie. With a preset it picks the tags (and so the scheme) of the fresh head
 * @param format          the receipt format of {@code data} ({@code auto}, or null: detected from the folder)
 * @param devFormat       the receipt format of {@code devData} (likewise)
 * @param totalSegments   token type 0 before the receipt's first total keyword and 1 from it on, in
 *                        training and (saved in the model folder) prediction; null: the folder's own
 *                        choice when fine-tuning, else off. A resumed run always keeps its checkpoint's
 * @param heldOut         receipt ids of {@code data} the run neither trains nor evaluates on (a
 *                        cross-validation fold, see {@link Folds}); also kept out of {@code devData} when that
 *                        is the same folder. Never null; empty: every receipt takes part
 */
public record TrainingConfig(Path data, Path devData, Path out, Path from, Preset preset, int steps, int batchSize,
                             double learningRate, double weightDecay, double warmupRatio, double maxGradNorm,
                             int maxLength, int seed, double devFraction, int evalEvery, int checkpointEvery,
                             String device, boolean resume, String modelType, boolean strict, Path fromEncoder,
                             BoxLevel boxLevel, com.layoutlens.data.LabelSet schema, String format,
                             String devFormat, Boolean totalSegments,
                             java.util.SortedSet<String> heldOut) {

    public static final int STEPS = 800;
    public static final int BATCH = 8;
    public static final double LEARNING_RATE = 5e-5;
    public static final int MAX_LENGTH = 512;
    public static final int SEED = 42;
    public static final String DEFAULT_MODEL_TYPE = "layoutlm";

    public TrainingConfig {
        require(data != null, "a data folder is required");
        require(out != null, "an output folder is required");
        require(from != null || preset != null || fromEncoder != null,
                "a model folder to fine-tune, a text encoder to start from or a preset is required");
        require(steps > 0, "steps must be positive, got " + steps);
        require(batchSize > 0, "batch size must be positive, got " + batchSize);
        require(learningRate >= 0 && Double.isFinite(learningRate), "learning rate must be >= 0, got " + learningRate);
        require(weightDecay >= 0, "weight decay must be >= 0, got " + weightDecay);
        require(warmupRatio >= 0 && warmupRatio < 1, "warm-up ratio must lie in [0, 1), got " + warmupRatio);
        require(maxGradNorm >= 0, "gradient clip norm must be >= 0, got " + maxGradNorm);
        require(maxLength >= 3, "max length must be at least 3, got " + maxLength);
        require(devFraction >= 0 && devFraction < 1, "dev fraction must lie in [0, 1), got " + devFraction);
        require(evalEvery > 0, "evaluation interval must be positive, got " + evalEvery);
        require(checkpointEvery > 0, "checkpoint interval must be positive, got " + checkpointEvery);
        device = device == null ? "auto" : device;
        modelType = modelType == null ? DEFAULT_MODEL_TYPE : modelType;
        heldOut = heldOut == null ? java.util.Collections.emptySortedSet()
                : java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(heldOut));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public static Builder builder(Path data, Path out) {
        return new Builder(data, out);
    }

    /** The learning rate this run uses: the given one, else the preset's, else {@value #LEARNING_RATE}. */
    public double effectiveLearningRate() {
        if (learningRate > 0) {
            return learningRate;
        }
        return from == null && preset != null ? preset.learningRate() : LEARNING_RATE;
    }

    /** Steps of linear warm-up. */
    public int warmupSteps() {
        return (int) Math.ceil(steps * warmupRatio);
    }

    public Builder toBuilder() {
        Builder b = new Builder(data, out);
        b.devData = devData;
        b.from = from;
        b.preset = preset;
        b.steps = steps;
        b.batchSize = batchSize;
        b.learningRate = learningRate;
        b.weightDecay = weightDecay;
        b.warmupRatio = warmupRatio;
        b.maxGradNorm = maxGradNorm;
        b.maxLength = maxLength;
        b.seed = seed;
        b.devFraction = devFraction;
        b.evalEvery = evalEvery;
        b.checkpointEvery = checkpointEvery;
        b.device = device;
        b.resume = resume;
        b.modelType = modelType;
        b.strict = strict;
        b.boxLevel = boxLevel;
        b.fromEncoder = fromEncoder;
        b.schema = schema;
        b.format = format;
        b.devFormat = devFormat;
        b.totalSegments = totalSegments;
        b.heldOut = heldOut;
        return b;
    }

    /** Required: data and out (constructor), and one of {@link #from} or {@link #preset}. */
    public static final class Builder {
        private final Path data;
        private Path out;
        private Path devData;
        private String format;
        private String devFormat;
        private Path from;
        private Preset preset;
        private int steps = STEPS;
        private int batchSize = BATCH;
        private double learningRate;
        private double weightDecay = 0.01;
        private double warmupRatio = 0.1;
        private double maxGradNorm = 1.0;
        private int maxLength = MAX_LENGTH;
        private int seed = SEED;
        private double devFraction = 0.1;
        private int evalEvery = 100;
        private int checkpointEvery = 100;
        private String device = "auto";
        private boolean resume;
        private String modelType = DEFAULT_MODEL_TYPE;
        private boolean strict;
        private BoxLevel boxLevel;
        private Path fromEncoder;
        private com.layoutlens.data.LabelSet schema;
        private Boolean totalSegments;
        private java.util.Collection<String> heldOut;

        private Builder(Path data, Path out) {
            this.data = data;
            this.out = out;
        }

        /** Another output folder (a cross-validation fold's). */
        public Builder out(Path folder) {
            this.out = folder;
            return this;
        }

        /** Receipt ids of the data folder this run neither trains nor evaluates on. */
        public Builder heldOut(java.util.Collection<String> ids) {
            this.heldOut = ids == null ? null : new java.util.TreeSet<>(ids);
            return this;
        }

        public Builder from(Path folder) {
            this.from = folder;
            return this;
        }

        public Builder preset(Preset p) {
            this.preset = p;
            return this;
        }

        public Builder devData(Path folder) {
            this.devData = folder;
            return this;
        }

        public Builder steps(int n) {
            this.steps = n;
            return this;
        }

        public Builder batchSize(int n) {
            this.batchSize = n;
            return this;
        }

        public Builder learningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        public Builder weightDecay(double wd) {
            this.weightDecay = wd;
            return this;
        }

        public Builder warmupRatio(double r) {
            this.warmupRatio = r;
            return this;
        }

        public Builder maxGradNorm(double n) {
            this.maxGradNorm = n;
            return this;
        }

        public Builder maxLength(int n) {
            this.maxLength = n;
            return this;
        }

        public Builder seed(int s) {
            this.seed = s;
            return this;
        }

        public Builder devFraction(double f) {
            this.devFraction = f;
            return this;
        }

        public Builder evalEvery(int n) {
            this.evalEvery = n;
            return this;
        }

        public Builder checkpointEvery(int n) {
            this.checkpointEvery = n;
            return this;
        }

        public Builder device(String d) {
            this.device = d;
            return this;
        }

        public Builder resume(boolean r) {
            this.resume = r;
            return this;
        }

        /** The family a preset creates: {@code layoutlm} (default) or {@code layoutlmv2}. */
        public Builder modelType(String type) {
            this.modelType = type;
            return this;
        }

        /** Stop when a receipt's gold labels cannot be read, rather than leave the receipt out. */
        public Builder strict(boolean s) {
            this.strict = s;
            return this;
        }

        /** A BERT- or RoBERTa-family text encoder folder to start a {@link #modelType} model from. */
        public Builder fromEncoder(Path folder) {
            this.fromEncoder = folder;
            return this;
        }

        /** Word- or segment-level boxes; null (default) keeps the folder's choice, else word level. */
        public Builder schema(com.layoutlens.data.LabelSet s) {
            this.schema = s;
            return this;
        }

        /** The receipt formats of the data and dev folders; null or {@code auto}: detected. */
        public Builder formats(String data, String dev) {
            this.format = data;
            this.devFormat = dev;
            return this;
        }

        public Builder boxLevel(BoxLevel level) {
            this.boxLevel = level;
            return this;
        }

        /**
         * Token types split at the receipt's first total keyword; null (default) keeps the
         * folder's choice, else off.
         */
        public Builder totalSegments(Boolean on) {
            this.totalSegments = on;
            return this;
        }

        /** @throws IllegalArgumentException naming the first value out of range */
        public TrainingConfig build() {
            return new TrainingConfig(data, devData, out, from, preset, steps, batchSize, learningRate, weightDecay,
                    warmupRatio, maxGradNorm, maxLength, seed, devFraction, evalEvery, checkpointEvery, device,
                    resume, modelType, strict, fromEncoder, boxLevel, schema, format, devFormat, totalSegments,
                    heldOut == null ? null : new java.util.TreeSet<>(heldOut));
        }
    }
}
