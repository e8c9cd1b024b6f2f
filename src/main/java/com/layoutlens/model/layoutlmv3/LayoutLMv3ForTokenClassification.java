package com.layoutlens.model.layoutlmv3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import com.layoutlens.model.nn.HfLayerNorm;
import com.layoutlens.model.nn.HfLinear;
import com.layoutlens.model.nn.HfModule;
import com.layoutlens.model.nn.InputChecks;
import com.layoutlens.model.nn.LayoutTables;
import com.layoutlens.model.nn.RelativeBiases;
import com.layoutlens.model.nn.Scalars;
import com.layoutlens.model.nn.TransformerLayer;

import java.util.ArrayList;
import java.util.List;

/**
 * LayoutLMv3 with a token classification head, numerically equal to transformers'
 * {@code LayoutLMv3ForTokenClassification} in float32 (eval mode, eager attention).
 *
 * <p>Without a page the sequence is the L text tokens ({@link LayoutLMv3TextEmbeddings}). With
 * one, the visual tokens ({@link LayoutLMv3VisualEmbeddings}: CLS then the patches) follow the
 * text, and one more LayerNorm ({@code layoutlmv3.LayerNorm}) runs over the concatenation. The
 * encoder is RoBERTa's post-LN layer with separate q/k/v and the product scaled by
 * {@code head_size ** -0.5}; each layer adds {@code (rel_pos + rel_2d_pos) / sqrt(head_size)} to the
 * scores, computed once per forward, where the 1D bias buckets {@code pos(key) - pos(query)}
 * over positions 0..L-1 for the text and 0..grid² for the visual tokens (not the RoBERTa
 * positions of the embeddings), and the 2D bias buckets the x0 and the y1 distances of the boxes;
 * the visual tokens' boxes are the CLS box [1, 1, 999, 999] and a regular grid over 0..1000.
 * As in transformers, the 2D bias is only added when the 1D bias is switched on too. The head
 * reads the text positions only: one Linear for fewer than ten labels, else dense + tanh +
 * out_proj.
 */
public final class LayoutLMv3ForTokenClassification extends HfModule {

    private final LayoutLMv3Config config;
    private final LayoutLMv3TextEmbeddings text;
    private final LayoutLMv3VisualEmbeddings visual;
    private final HfLayerNorm norm;
    private final List<TransformerLayer> layers = new ArrayList<>();
    private final RelativeBiases biases;
    private final HfLinear classifier;
    private final HfLinear headDense;
    private final HfLinear headOut;
    private final long[] visualBoxes;

    public LayoutLMv3ForTokenClassification(LayoutLMv3Config config) {
        this.config = config;
        int hidden = config.hiddenSize();
        float std = config.initializerRange();
        text = child("layoutlmv3.embeddings", new LayoutLMv3TextEmbeddings(config));
        if (config.visualEmbed()) {
            visual = child("layoutlmv3", new LayoutLMv3VisualEmbeddings(config));
            norm = child("layoutlmv3.LayerNorm", new HfLayerNorm(hidden, config.layerNormEps()));
        } else {
            visual = null;
            norm = null;
        }
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            layers.add(child("layoutlmv3.encoder.layer." + i, new TransformerLayer(config.layerSettings())));
        }
        biases = child("layoutlmv3.encoder", config.layout().biases(config.numAttentionHeads(), std));
        if (config.twoLayerHead()) {
            classifier = null;
            headDense = child("classifier.dense", new HfLinear(hidden, hidden, std));
            headOut = child("classifier.out_proj", new HfLinear(hidden, config.numLabels(), std));
        } else {
            classifier = child("classifier", new HfLinear(hidden, config.numLabels(), std));
            headDense = null;
            headOut = null;
        }
        visualBoxes = config.visualEmbed() ? visualBoxes(config.patchGrid()) : new long[0];
    }

    /**
     * The boxes of the visual tokens: the CLS token's [1, 1, 999, 999], then the patches row by
     * row, patch (r, c) at x0 = floor(1000 c / grid), y0 = floor(1000 r / grid), x1 and y1 the
     * next column's and row's.
     */
    static long[] visualBoxes(int grid) {
        long[] cells = LayoutTables.gridBoxes(grid, grid);
        long[] boxes = new long[4 + cells.length];
        boxes[0] = 1;
        boxes[1] = 1;
        boxes[2] = 999;
        boxes[3] = 999;
        System.arraycopy(cells, 0, boxes, 4, cells.length);
        return boxes;
    }

    public LayoutLMv3Config config() {
        return config;
    }

    /**
     * The results of a forward pass.
     *
     * @param logits       (B, L, labels), text positions only
     * @param hiddenStates the embedding output then every layer's output, (B, L [+ 1 + grid²], hidden); empty
     *                     unless asked for
     */
    public record Output(NDArray logits, List<NDArray> hiddenStates) {
    }

    /**
     * Runs the model.
     *
     * @param tokenTypes may be null (zeros)
     * @param pixels     (B, C, input_size, input_size) float32, normalised as the image processor does, or null
     *                   to read the text alone
     * @param stages     also return the hidden states
     * @throws IllegalArgumentException when shapes disagree or values fall outside the tables
     */
    public Output forward(ParameterStore ps, NDArray inputIds, NDArray bbox, NDArray attentionMask,
                          NDArray tokenTypes, NDArray pixels, boolean training, boolean stages) {
        return forward(ps, inputIds, bbox, attentionMask, tokenTypes, pixels, training, stages, null);
    }

    /**
     * As {@link #forward(ParameterStore, NDArray, NDArray, NDArray, NDArray, NDArray, boolean, boolean)};
     * with {@code rows} (B, S) text positions (inference only) the logits are (B, S, labels) there,
     * the last layer and the head computed there only.
     */
    public Output forward(ParameterStore ps, NDArray inputIds, NDArray bbox, NDArray attentionMask,
                          NDArray tokenTypes, NDArray pixels, boolean training, boolean stages, NDArray rows) {
        checkShapes(inputIds, bbox, attentionMask, tokenTypes);
        long batch = inputIds.getShape().get(0);
        long length = inputIds.getShape().get(1);
        if (length > config.maxTextLength()) {
            throw new IllegalArgumentException("sequence length " + length + " exceeds the "
                    + config.maxTextLength() + " positions of max_position_embeddings "
                    + config.maxPositionEmbeddings() + " after pad_token_id " + config.padTokenId());
        }
        InputChecks.range(inputIds, config.vocabSize(), "input_ids", "vocab_size");
        InputChecks.range(bbox, config.max2dPositionEmbeddings(), "bbox coordinates", "max_2d_position_embeddings");
        if (tokenTypes != null) {
            InputChecks.range(tokenTypes, config.typeVocabSize(), "token_type_ids", "type_vocab_size");
        } else {
            tokenTypes = inputIds.zerosLike();
        }
        if (pixels != null) {
            if (visual == null) {
                throw new IllegalArgumentException("this model has no visual branch (visual_embed false): "
                        + "give no pixel_values");
            }
            LayoutLMv3VisualEmbeddings.checkShape(config, pixels.getShape(), batch);
        }
        NDManager m = inputIds.getManager();
        NDArray hidden = text.apply(ps, inputIds, bbox, tokenTypes, training);
        NDArray mask = attentionMask.toType(DataType.FLOAT32, false);
        NDArray positions = m.arange(0, (int) length, 1, DataType.INT64, inputIds.getDevice());
        NDArray boxes = bbox;
        if (pixels != null) {
            int cells = config.visualTokens();
            NDArray img = pixels.getDataType() == DataType.FLOAT32 ? pixels : pixels.toType(DataType.FLOAT32, false);
            NDArray vis = visual.apply(ps, img, training);
            hidden = norm.apply(ps, hidden.concat(vis, 1), training);
            hidden = TransformerLayer.dropout(hidden, config.hiddenDropoutProb(), training);
            mask = mask.concat(m.ones(new Shape(batch, cells), DataType.FLOAT32, inputIds.getDevice()), 1);
            positions = positions.concat(m.arange(0, cells, 1, DataType.INT64, inputIds.getDevice()), 0);
            NDArray cellBoxes = m.create(visualBoxes, new Shape(1, cells, 4)).toDevice(inputIds.getDevice(), false)
                    .repeat(0, batch);
            boxes = bbox.concat(cellBoxes, 1);
        }
        NDArray bias = attentionBias(ps, positions.expandDims(0), boxes);
        List<NDArray> states = stages ? new ArrayList<>() : null;
        hidden = TransformerLayer.encode(layers, ps, hidden, TransformerLayer.additiveMask(mask), bias, training,
                states, rows);
        NDArray textOut = pixels == null || rows != null ? hidden : hidden.get(":, :" + length);
        NDArray logits = head(ps, TransformerLayer.dropout(textOut, config.hiddenDropoutProb(), training), training);
        return new Output(logits, states == null ? List.of() : List.copyOf(states));
    }

    /** Shapes and dtypes; unlike v1 and v2, a box with x1 < x0 or y1 < y0 is accepted (its size clips to 0). */
    private static void checkShapes(NDArray ids, NDArray bbox, NDArray mask, NDArray types) {
        Shape s = ids.getShape();
        if (s.dimension() != 2 || s.get(0) == 0 || s.get(1) == 0) {
            throw new IllegalArgumentException("input_ids must be (batch, length), not empty, got " + s);
        }
        Shape boxes = new Shape(s.get(0), s.get(1), 4);
        if (!bbox.getShape().equals(boxes)) {
            throw new IllegalArgumentException("bbox must be " + boxes + ", got " + bbox.getShape());
        }
        if (!mask.getShape().equals(s)) {
            throw new IllegalArgumentException("attention_mask must be " + s + ", got " + mask.getShape());
        }
        if (types != null && !types.getShape().equals(s)) {
            throw new IllegalArgumentException("token_type_ids must be " + s + ", got " + types.getShape());
        }
        if (ids.getDataType() != DataType.INT64 || bbox.getDataType() != DataType.INT64) {
            throw new IllegalArgumentException("input_ids and bbox must be int64");
        }
    }

    /** One Linear, or transformers' {@code LayoutLMv3ClassificationHead} (dropout, dense, tanh, dropout, out_proj). */
    private NDArray head(ParameterStore ps, NDArray x, boolean training) {
        if (classifier != null) {
            return classifier.apply(ps, x, training);
        }
        float rate = config.classifierDropout() != null ? config.classifierDropout() : config.hiddenDropoutProb();
        NDArray inner = headDense.apply(ps, TransformerLayer.dropout(x, rate, training), training).tanh();
        return headOut.apply(ps, TransformerLayer.dropout(inner, rate, training), training);
    }

    /**
     * The score bias every layer adds: {@code (rel_pos + rel_2d_pos) / sqrt(head_size)} with both
     * biases, {@code rel_pos / sqrt(head_size)} with the 1D one alone, none otherwise (transformers
     * computes the 2D bias alone but does not add it).
     *
     * @param positions (1, L') int64
     * @param boxes     (B, L', 4) int64
     * @return (B or 1, heads, L', L'), or null
     */
    private NDArray attentionBias(ParameterStore ps, NDArray positions, NDArray boxes) {
        if (!biases.hasRelative()) {
            return null;
        }
        NDArray bias = biases.relative(ps, positions);
        if (biases.hasSpatial()) {
            // (x + y) + 1D in transformers; float addition commutes, so the order of the last sum is free
            bias = bias.add(biases.spatial(ps, boxes));
        }
        return Scalars.div(bias, (float) Math.sqrt(config.headSize()));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        Output out = forward(ps, inputs.get(0), inputs.get(1), inputs.get(2),
                inputs.size() > 4 ? inputs.get(4) : null, inputs.size() > 3 ? inputs.get(3) : null, training, false);
        return new NDList(out.logits());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(config.numLabels())};
    }
}
