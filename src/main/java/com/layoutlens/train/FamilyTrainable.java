package com.layoutlens.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.layoutlens.data.Receipt;
import com.layoutlens.model.TokenClassifier;
import com.layoutlens.model.nn.WeightSlot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Any family's model seen by the training loop: its weights, its forward pass, and, for a model
 * that reads the page, each batch row's page prepared by the model exactly as prediction prepares
 * it ({@link TokenClassifier#preparePage}), so that training and prediction see the same pixels.
 * Pages are prepared once per receipt and kept: as bytes when every value is a whole number
 * 0..255 (LayoutLMv2's pages, 150 kB a receipt), else as floats.
 *
 * @param <M> the family's model, loaded or created with trainable parameters
 */
public final class FamilyTrainable<M extends TokenClassifier> implements TrainableModel {

    private final M model;
    private final String modelType;
    private final List<WeightSlot> weights;
    private final Map<Path, Object> pages = new ConcurrentHashMap<>();

    /** Takes ownership of the model. */
    public FamilyTrainable(String modelType, M model) {
        this.model = model;
        this.modelType = modelType;
        this.weights = model.trainableWeights();
    }

    public M model() {
        return model;
    }

    @Override
    public String modelType() {
        return modelType;
    }

    @Override
    public List<String> labels() {
        return model.labels();
    }

    @Override
    public int maxPositions() {
        return model.maxTextLength();
    }

    @Override
    public int padTokenId() {
        return model.padTokenId();
    }

    @Override
    public int typeVocabSize() {
        return model.typeVocabSize();
    }

    @Override
    public boolean needsImage() {
        return model.needsImage();
    }

    @Override
    public List<String> freshWeights() {
        return model.report().fresh();
    }

    @Override
    public long[][] specialTokenBoxes() {
        return model.specialTokenBoxes();
    }

    @Override
    public List<WeightSlot> weights() {
        return weights;
    }

    @Override
    public NDManager manager() {
        return model.manager();
    }

    @Override
    public NDArray logits(ParameterStore ps, Batch batch, boolean training) {
        NDArray image = model.needsImage() ? images(batch.inputIds().getManager(), batch.receipts()) : null;
        return model.logits(ps, batch.inputIds(), batch.bbox(), batch.attentionMask(), batch.tokenTypes(), image,
                training);
    }

    /** (B, C, H, W) in the batch's manager. */
    private NDArray images(NDManager m, List<Receipt> receipts) {
        int[] shape = model.pageShape();
        int plane = shape[0] * shape[1] * shape[2];
        float[] pixels = new float[receipts.size() * plane];
        for (int r = 0; r < receipts.size(); r++) {
            Object page = page(receipts.get(r));
            int offset = r * plane;
            if (page instanceof byte[] bytes) {
                for (int i = 0; i < plane; i++) {
                    pixels[offset + i] = bytes[i] & 0xff;
                }
            } else {
                System.arraycopy((float[]) page, 0, pixels, offset, plane);
            }
        }
        return m.create(pixels, new Shape(receipts.size(), shape[0], shape[1], shape[2]));
    }

    private Object page(Receipt receipt) {
        Path file = receipt.image();
        if (file == null) {
            throw new UncheckedIOException(new IOException(receipt.id() + ": no page image (a " + modelType
                    + " model reads it)"));
        }
        return pages.computeIfAbsent(file, f -> {
            try {
                return compact(model.preparePage(f));
            } catch (IOException e) {
                throw new UncheckedIOException(new IOException(f + ": " + e.getMessage(), e));
            }
        });
    }

    private static Object compact(float[] values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (v < 0 || v > 255 || v != Math.rint(v)) {
                return values;
            }
            bytes[i] = (byte) (int) v;
        }
        return bytes;
    }

    @Override
    public void save(Path folder) throws IOException {
        model.save(folder);
    }

    @Override
    public void close() {
        pages.clear();
        model.close();
    }
}
