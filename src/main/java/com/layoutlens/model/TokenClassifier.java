package com.layoutlens.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import com.layoutlens.model.nn.WeightSlot;
import com.layoutlens.model.WeightLoader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A loaded token classification model as the predictor sees it, whatever its family
 * (LayoutLM reads text and layout; LayoutLMv2 also the page image).
 */
public interface TokenClassifier extends AutoCloseable {

    /** Class names by class id ({@code id2label}). */
    List<String> labels();

    /** The id padded positions carry. */
    int padTokenId();

    /** The longest text window the model takes, special tokens included. */
    int maxTextLength();

    /** Rows of the token type table: {@code token_type_ids} must stay below it. */
    int typeVocabSize();

    /** Whether {@link #logits} needs the page image. */
    boolean needsImage();

    /**
     * The boxes of a window's first and last special token (x0, y0, x1, y1 each): LayoutLM's
     * and LayoutLMv2's {@code [CLS]} [0, 0, 0, 0] and {@code [SEP]} [1000, 1000, 1000, 1000] unless
     * a family says otherwise.
     */
    default long[][] specialTokenBoxes() {
        return new long[][] {{0, 0, 0, 0}, {1000, 1000, 1000, 1000}};
    }

    /** (channels, height, width) of the page {@link #logits} takes; only for a model that {@link #needsImage()}. */
    default int[] pageShape() {
        throw new UnsupportedOperationException("this model reads no page image");
    }

    /**
     * Reads a page image file and prepares it as the model's processor does: {@link #pageShape()}
     * values, row-major; only for a model that {@link #needsImage()}. Called from several
     * threads at once (a predictor prepares a chunk's pages in parallel), so it must keep no
     * state between calls.
     */
    default float[] preparePage(Path image) throws IOException {
        throw new UnsupportedOperationException("this model reads no page image");
    }

    /**
     * What the largest arrays of a forward pass are made of, for deciding how many windows share
     * one: attention heads, the feed-forward width and the positions the page adds to every window.
     */
    ForwardShape forwardShape();

    /** The manager that owns the weights (and so the device). */
    NDManager manager();

    Device device();

    /** What the weight load found. */
    WeightLoader.Report report();

    /** The model folder it was loaded from, or {@code null} for a model built in memory. */
    Path folder();

    /**
     * Inference on arrays already on the model's device.
     *
     * @param inputIds      (B, L) int64
     * @param bbox          (B, L, 4) int64, 0..1000
     * @param attentionMask (B, L) int64
     * @param image         (B, 3, H, W) float32 as {@link #needsImage()} requires, else null
     * @return (B, L, labels) logits, owned by the inputs' manager
     */
    default NDArray logits(NDArray inputIds, NDArray bbox, NDArray attentionMask, NDArray image) {
        return logits(inputIds, bbox, attentionMask, null, image);
    }

    /**
     * As {@link #logits(NDArray, NDArray, NDArray, NDArray)}, with token types.
     *
     * @param tokenTypes (B, L) int64 below {@link #typeVocabSize()}, or null for zeros
     */
    NDArray logits(NDArray inputIds, NDArray bbox, NDArray attentionMask, NDArray tokenTypes, NDArray image);

    /**
     * Inference logits at some text positions of each window only: (B, S, labels), the values
     * {@link #logits(NDArray, NDArray, NDArray, NDArray, NDArray)} gives at {@code (b, rows[b, s])}.
     * The families compute the last layer and the head at those positions only (the predictor
     * reads each word's first sub-token, about half of a receipt's tokens); this default takes
     * them from the full logits.
     *
     * @param rows (B, S) int64 positions below the text length
     */
    default NDArray logitsAt(NDArray inputIds, NDArray bbox, NDArray attentionMask, NDArray tokenTypes, NDArray image,
                             NDArray rows) {
        NDArray all = logits(inputIds, bbox, attentionMask, tokenTypes, image);
        long b = rows.getShape().get(0);
        long s = rows.getShape().get(1);
        return all.gather(rows.expandDims(2).broadcast(b, s, all.getShape().get(2)), 1);
    }

    /**
     * The forward pass training runs (dropout active when {@code training} is true), with the
     * parameters of {@code ps}; arguments as {@link #logits(NDArray, NDArray, NDArray, NDArray)}.
     */
    default NDArray logits(ParameterStore ps, NDArray inputIds, NDArray bbox, NDArray attentionMask, NDArray image,
                           boolean training) {
        return logits(ps, inputIds, bbox, attentionMask, null, image, training);
    }

    /** As {@link #logits(ParameterStore, NDArray, NDArray, NDArray, NDArray, boolean)}, with token types (null: zeros). */
    NDArray logits(ParameterStore ps, NDArray inputIds, NDArray bbox, NDArray attentionMask, NDArray tokenTypes,
                   NDArray image, boolean training);

    /**
     * The weights training updates, in a fixed order, named as in {@code model.safetensors}:
     * every weight that requires a gradient (frozen buffers such as LayoutLMv2's batch norms are
     * left out, but saved).
     */
    List<WeightSlot> trainableWeights();

    /** Writes {@code config.json} and {@code model.safetensors} (tokenizer files are the caller's). */
    void save(Path folder) throws IOException;

    @Override
    void close();
}
