package com.layoutlens.model.forward;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.layoutlens.model.checkpoint.Tensor;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text and layout inputs every LayoutLM family takes (input_ids, bbox, attention_mask,
 * token_type_ids): their value checks, their arrays, the outputs written back, and the
 * out-of-memory report around a run.
 */
public final class TextInputs {

    /** Box coordinates are normalised to a 0..1000 page by every LayoutLM processor. */
    public static final long MAX_COORDINATE = 1000;

    /** The four arrays of a run, in the run's manager; {@code types} is null when not given. */
    public record Arrays(NDArray ids, NDArray bbox, NDArray mask, NDArray types) {
    }

    /** A run's body, whose failures {@link #guarded} turns into reports. */
    public interface Body {
        void run() throws ForwardException;
    }

    private TextInputs() {
    }

    /** Checks token count, ids, boxes (range and order), mask and token types against a configuration's tables. */
    public static void check(ForwardInputs in, int maxPositions, int vocabSize, int max2dPositions, int typeVocabSize)
            throws ForwardException {
        long length = in.dim("T");
        if (length > maxPositions) {
            throw new ForwardException("input_ids", "tensor 'input_ids' has " + length
                    + " tokens per row, expected at most " + maxPositions + " (max_position_embeddings)");
        }
        in.checkRange("input_ids", 0, vocabSize - 1, "vocab_size " + vocabSize);
        long maxCoordinate = Math.min(MAX_COORDINATE, max2dPositions - 1L);
        in.checkRange("bbox", 0, maxCoordinate, maxCoordinate == MAX_COORDINATE
                ? "boxes normalised to a 0..1000 page"
                : "max_2d_position_embeddings " + max2dPositions);
        long[] box = in.longs("bbox");
        long[] shape = in.shape("bbox");
        for (int i = 0; i < box.length; i += 4) {
            if (box[i] > box[i + 2] || box[i + 1] > box[i + 3]) {
                throw new ForwardException("bbox", String.format(Locale.ROOT,
                        "tensor 'bbox' holds the box [%d, %d, %d, %d] at %s, expected x0 <= x1 and y0 <= y1",
                        box[i], box[i + 1], box[i + 2], box[i + 3],
                        ForwardInputs.index(shape, i).replaceFirst(", 0]$", ", :]")));
            }
        }
        in.checkRange("attention_mask", 0, 1, "1 = token, 0 = padding");
        in.checkRange("token_type_ids", 0, typeVocabSize - 1, "type_vocab_size " + typeVocabSize);
    }

    /** The inputs as arrays; a missing mask attends to every token. */
    public static Arrays create(NDManager m, ForwardInputs in) {
        long b = in.dim("B");
        long t = in.dim("T");
        NDArray ids = m.create(in.longs("input_ids"), new Shape(b, t));
        NDArray bbox = m.create(in.longs("bbox"), new Shape(b, t, 4));
        NDArray mask = in.has("attention_mask")
                ? m.create(in.longs("attention_mask"), new Shape(b, t))
                : m.ones(new Shape(b, t), DataType.INT64);
        NDArray types = in.has("token_type_ids") ? m.create(in.longs("token_type_ids"), new Shape(b, t)) : null;
        return new Arrays(ids, bbox, mask, types);
    }

    /** Writes {@code logits} and {@code hidden_states.i} as transformers names them. */
    public static void output(Map<String, Tensor> out, NDArray logits, List<NDArray> hiddenStates) {
        out.put("logits", Tensor.of(logits.toFloatArray(), logits.getShape().getShape()));
        if (hiddenStates != null) {
            for (int i = 0; i < hiddenStates.size(); i++) {
                NDArray hs = hiddenStates.get(i);
                out.put("hidden_states." + i, Tensor.of(hs.toFloatArray(), hs.getShape().getShape()));
            }
        }
    }

    /** Runs {@code body}, reporting an engine or Java out-of-memory failure with the batch's size. */
    public static void guarded(ForwardInputs in, Device device, Body body) throws ForwardException {
        try {
            body.run();
        } catch (EngineException e) {
            if (OutOfMemory.isOutOfMemory(e)) {
                throw OutOfMemory.report(in.dim("B"), in.dim("T"), device, e);
            }
            throw e;
        } catch (OutOfMemoryError e) {
            throw OutOfMemory.report(in.dim("B"), in.dim("T"), device, e);
        }
    }
}
