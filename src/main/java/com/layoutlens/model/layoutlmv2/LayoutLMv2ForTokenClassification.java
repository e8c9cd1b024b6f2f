package com.layoutlens.model.layoutlmv2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import com.layoutlens.model.nn.HfEmbedding;
import com.layoutlens.model.nn.HfLayerNorm;
import com.layoutlens.model.nn.HfLinear;
import com.layoutlens.model.nn.HfModule;
import com.layoutlens.model.nn.InputChecks;
import com.layoutlens.model.nn.LayoutTables;
import com.layoutlens.model.nn.RelativeBiases;
import com.layoutlens.model.nn.TransformerLayer;

import java.util.ArrayList;
import java.util.List;

/**
 * LayoutLMv2 with a token classification head, numerically equal to transformers'
 * {@code LayoutLMv2ForTokenClassification} in float32 (eval mode).
 *
 * <p>The sequence is the L text tokens followed by the pooled image grid's cells. Text
 * embeddings: {@code LN(word + pos + [X(x0) | Y(y0) | X(x1) | Y(y1) | H(y1-y0) | W(x1-x0)] + type)}
 * (the spatial part concatenated, not summed as in v1). Visual embeddings:
 * {@code visual_LN(visual_proj(pooled) + pos(0..cells-1) + spatial(cell box) [+ segment])}, the
 * cell boxes a regular grid over 0..1000. Every layer adds the 1D relative-position and 2D
 * spatial biases, computed once per forward; the head reads the text positions only.
 *
 * <p>Inputs, in this order: {@code input_ids}, {@code bbox}, {@code attention_mask} as for
 * v1, {@code image} (B, 3, H, W) float32, BGR 0..255 (the processor's output; 224 x 224 for
 * real models), and optionally {@code token_type_ids}.
 */
public final class LayoutLMv2ForTokenClassification extends HfModule {

    private final LayoutLMv2Config config;
    private final HfEmbedding word;
    private final HfEmbedding position;
    private final LayoutTables tables;
    private final HfEmbedding tokenType;
    private final HfLayerNorm textNorm;
    private final VisualBackbone visual;
    private boolean folded;
    private final HfLinear visualProj;
    private final Parameter visualSegment;
    private final HfLayerNorm visualNorm;
    private final List<TransformerLayer> layers = new ArrayList<>();
    private final RelativeBiases biases;
    private final HfLinear classifier;
    private final long[] gridBoxes;

    public LayoutLMv2ForTokenClassification(LayoutLMv2Config config) {
        this.config = config;
        int hidden = config.hiddenSize();
        float std = config.initializerRange();
        String e = "layoutlmv2.embeddings.";
        word = child(e + "word_embeddings", new HfEmbedding(config.vocabSize(), hidden, std));
        position = child(e + "position_embeddings", new HfEmbedding(config.maxPositionEmbeddings(), hidden, std));
        tables = layoutTables(e, config.max2dPositionEmbeddings(), config.layout().coordinateSize(),
                config.layout().shapeSize(), std);
        tokenType = child(e + "token_type_embeddings", new HfEmbedding(config.typeVocabSize(), hidden, std));
        textNorm = child(e + "LayerNorm", new HfLayerNorm(hidden, config.layerNormEps()));
        visual = child("layoutlmv2.visual", new VisualBackbone(config.backbone(), config.poolRows(), config.poolCols()));
        visualProj = child("layoutlmv2.visual_proj", new HfLinear(config.backbone().fpnOutChannels(), hidden, std));
        visualSegment = config.hasVisualSegmentEmbedding()
                ? weight("layoutlmv2.visual_segment_embedding", new Shape(hidden), Parameter.Type.WEIGHT,
                new NormalInitializer(std))
                : null;
        visualNorm = child("layoutlmv2.visual_LayerNorm", new HfLayerNorm(hidden, config.layerNormEps()));
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            layers.add(child("layoutlmv2.encoder.layer." + i, new TransformerLayer(config.layerSettings())));
        }
        biases = child("layoutlmv2.encoder", config.layout().biases(config.numAttentionHeads(), std));
        classifier = child("classifier", new HfLinear(hidden, config.numLabels(), std));
        gridBoxes = LayoutTables.gridBoxes(config.poolRows(), config.poolCols());
    }

    public LayoutLMv2Config config() {
        return config;
    }

    /**
     * Freezes the backbone's batch norm statistics and affine terms again; DJL's
     * {@code freezeParameters(false)} for fine-tuning would otherwise make them trainable,
     * which detectron2's FrozenBatchNorm2d never is.
     */
    public void freezeBatchNorms() {
        for (var slot : weightSlots("")) {
            if (slot.name().startsWith("layoutlmv2.visual.") && slot.name().contains(".norm.")) {
                slot.parameter().freeze(true);
            }
        }
    }

    /**
     * For a model that only predicts: folds the backbone's frozen batch norms into its
     * convolutions, in place (see {@code VisualBackbone.foldNorms}). The weights then differ from
     * the checkpoint's, so a folded model is not saved.
     */
    public void foldBatchNorms() {
        visual.foldNorms();
        folded = true;
    }

    /** Whether {@link #foldBatchNorms} ran. */
    public boolean foldedBatchNorms() {
        return folded;
    }

    /**
     * Sets the last convolution of every residual block's branch to zero, so that a fresh
     * backbone starts as identity blocks (see {@link LayoutLMv2Model#create(LayoutLMv2Config,
     * ai.djl.Device, boolean)}).
     */
    void zeroResidualBranches() {
        String last = config.backbone().basicBlocks() ? ".conv2.weight" : ".conv3.weight";
        for (var slot : weightSlots("")) {
            String n = slot.name();
            if (n.startsWith("layoutlmv2.visual.backbone.bottom_up.res") && n.endsWith(last)) {
                slot.parameter().getArray().set(new float[Math.toIntExact(slot.shape().size())]);
            }
        }
    }

    /**
     * The results of a forward pass: logits and, when asked for, the stages in between.
     *
     * @param logits       (B, L, labels)
     * @param p2           the backbone's P2 map (B, C, H/4, W/4), or null
     * @param pooled       the pooled grid (B, cells, C) before {@code visual_proj}, or null
     * @param hiddenStates the embedding output then every layer's output, (B, L + cells, H); empty unless asked
     */
    public record Output(NDArray logits, NDArray p2, NDArray pooled, List<NDArray> hiddenStates) {
    }

    /**
     * Runs the model.
     *
     * @param tokenTypes may be null (zeros)
     * @param stages     also return P2, the pooled features and the hidden states
     * @throws IllegalArgumentException when shapes disagree or values fall outside the tables
     */
    public Output forward(ParameterStore ps, NDArray inputIds, NDArray bbox, NDArray attentionMask,
                          NDArray tokenTypes, NDArray image, boolean training, boolean stages) {
        return forward(ps, inputIds, bbox, attentionMask, tokenTypes, image, training, stages, null);
    }

    /**
     * As {@link #forward(ParameterStore, NDArray, NDArray, NDArray, NDArray, NDArray, boolean, boolean)};
     * with {@code rows} (B, S) text positions (inference only) the logits are (B, S, labels) there,
     * the last layer and the head computed there only.
     */
    public Output forward(ParameterStore ps, NDArray inputIds, NDArray bbox, NDArray attentionMask,
                          NDArray tokenTypes, NDArray image, boolean training, boolean stages, NDArray rows) {
        InputChecks.textAndLayout(inputIds, bbox, attentionMask, tokenTypes, config.maxPositionEmbeddings(),
                config.vocabSize(), config.max2dPositionEmbeddings(), config.typeVocabSize());
        long batch = inputIds.getShape().get(0);
        long length = inputIds.getShape().get(1);
        if (image == null || image.getShape().dimension() != 4 || image.getShape().get(0) != batch
                || image.getShape().get(1) != 3) {
            throw new IllegalArgumentException("image must be (" + batch + ", 3, height, width), got "
                    + (image == null ? "none" : image.getShape()));
        }
        List<Integer> levels = config.backbone().fpnLevels();
        long divisor = 1L << levels.get(levels.size() - 1);
        if (image.getShape().get(2) % divisor != 0 || image.getShape().get(3) % divisor != 0) {
            // the FPN adds each level to the next one upsampled by 2: the sizes must halve exactly
            throw new IllegalArgumentException("image height and width must be multiples of " + divisor
                    + " for this backbone, got " + image.getShape());
        }
        if (tokenTypes == null) {
            tokenTypes = inputIds.zerosLike();
        }
        NDManager m = inputIds.getManager();
        int cells = config.visualTokens();
        NDArray textPositions = m.arange(0, (int) length, 1, DataType.INT64, inputIds.getDevice());
        NDArray cellPositions = m.arange(0, cells, 1, DataType.INT64, inputIds.getDevice());
        NDArray cellBoxes = m.create(gridBoxes, new Shape(1, cells, 4)).toDevice(inputIds.getDevice(), false)
                .repeat(0, batch);

        // text: word + position + concatenated spatial + token type
        NDArray text = word.apply(ps, inputIds, training)
                .add(position.apply(ps, textPositions, training))
                .add(spatial(ps, bbox, training))
                .add(tokenType.apply(ps, tokenTypes, training));
        text = TransformerLayer.dropout(textNorm.apply(ps, text, training), config.hiddenDropoutProb(), training);

        // image: backbone -> P2 -> pooled grid -> projection + position + cell box (+ segment)
        NDArray p2 = null;
        NDArray pooled;
        if (stages) {
            NDArray img = image.getDataType() == DataType.FLOAT32 ? image : image.toType(DataType.FLOAT32, false);
            p2 = visual.p2(ps, img, training);
            pooled = visual.pool(p2);
        } else {
            pooled = visual.apply(ps, image, training);
        }
        NDArray vis = visualProj.apply(ps, pooled, training)
                .add(position.apply(ps, cellPositions, training))
                .add(spatial(ps, cellBoxes, training));
        if (visualSegment != null) {
            vis = vis.add(ps.getValue(visualSegment, vis.getDevice(), training));
        }
        vis = TransformerLayer.dropout(visualNorm.apply(ps, vis, training), config.hiddenDropoutProb(), training);

        NDArray hidden = text.concat(vis, 1);
        NDArray mask = attentionMask.toType(DataType.FLOAT32, false)
                .concat(m.ones(new Shape(batch, cells), DataType.FLOAT32, inputIds.getDevice()), 1);
        NDArray bias = attentionBias(ps, textPositions.concat(cellPositions, 0).expandDims(0),
                bbox.concat(cellBoxes, 1));
        List<NDArray> states = stages ? new ArrayList<>() : null;
        hidden = TransformerLayer.encode(layers, ps, hidden, TransformerLayer.additiveMask(mask), bias, training,
                states, rows);
        NDArray textOut = rows != null ? hidden : hidden.get(":, :" + length);
        NDArray logits = classifier.apply(ps,
                TransformerLayer.dropout(textOut, config.hiddenDropoutProb(), training), training);
        return new Output(logits, p2, stages ? pooled : null, states == null ? List.of() : List.copyOf(states));
    }

    /** The visual branch up to the pooled grid: (B, 3, H, W) -> (B, cells, channels). */
    NDArray visualFeatures(ParameterStore ps, NDArray image) {
        return visual.apply(ps, image, false);
    }

    /** {@code [X(x0) | Y(y0) | X(x1) | Y(y1) | H(y1-y0) | W(x1-x0)]}: (B, N, 4) -> (B, N, hidden). */
    private NDArray spatial(ParameterStore ps, NDArray boxes, boolean training) {
        return tables.concat(ps, boxes, -1, training);
    }

    /**
     * The 1D and 2D relative biases over the whole sequence, summed: (B or 1, heads, L', L'), or null.
     *
     * @param positions (1, L') int64: every row has the same positions, so the 1D bias is one
     *                  (1, heads, L', L') broadcast over the batch
     * @param boxes     (B, L', 4) int64
     */
    private NDArray attentionBias(ParameterStore ps, NDArray positions, NDArray boxes) {
        NDArray bias = biases.hasRelative() ? biases.relative(ps, positions) : null;
        if (biases.hasSpatial()) {
            NDArray spatialBias = biases.spatial(ps, boxes);
            bias = bias == null ? spatialBias : bias.add(spatialBias);
        }
        return bias;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        Output out = forward(ps, inputs.get(0), inputs.get(1), inputs.get(2),
                inputs.size() > 4 ? inputs.get(4) : null, inputs.get(3), training, false);
        return new NDList(out.logits());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(config.numLabels())};
    }
}
