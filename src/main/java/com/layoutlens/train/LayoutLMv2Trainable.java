package com.layoutlens.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.layoutlens.data.Receipt;
import com.layoutlens.model.encode.PageImage;
import com.layoutlens.model.layoutlmv2.LayoutLMv2Model;
import com.layoutlens.model.nn.WeightSlot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * LayoutLMv2 seen by the training loop. Each row of a batch also gets its receipt's page,
 * prepared by {@link PageImage} exactly as prediction prepares it, so that training and
 * prediction see the same pixels. Pages are prepared once and kept as bytes (the prepared
 * values are whole numbers 0..255): 150 kB a receipt rather than a decode and resize every
 * step.
 *
 * <p>The optimizer sees every weight but the backbone's frozen batch norms: their four
 * tensors are buffers in detectron2 and transformers, never trained, but saved.
 */
public final class LayoutLMv2Trainable extends ClassifierTrainable<LayoutLMv2Model> {

    private static final int SIDE = PageImage.SIZE;
    private static final int PLANE = 3 * SIDE * SIDE;

    private final List<WeightSlot> weights;
    private final Map<Path, byte[]> pages = new ConcurrentHashMap<>();

    /** Takes ownership of a model loaded or created with trainable parameters. */
    public LayoutLMv2Trainable(LayoutLMv2Model model) {
        super(model);
        this.weights = model.block().weightSlots("").stream()
                .filter(s -> s.parameter().requiresGradient())
                .toList();
    }

    @Override
    public String modelType() {
        return "layoutlmv2";
    }

    @Override
    public List<WeightSlot> weights() {
        return weights;
    }

    @Override
    public NDArray logits(ParameterStore ps, Batch batch, boolean training) {
        NDArray image = images(batch.inputIds().getManager(), batch.receipts());
        return model.block().forward(ps, batch.inputIds(), batch.bbox(), batch.attentionMask(), null, image,
                training, false).logits();
    }

    /** (B, 3, 224, 224) BGR 0..255 in the batch's manager. */
    private NDArray images(NDManager m, List<Receipt> receipts) {
        float[] pixels = new float[receipts.size() * PLANE];
        for (int r = 0; r < receipts.size(); r++) {
            byte[] page = page(receipts.get(r));
            int offset = r * PLANE;
            for (int i = 0; i < PLANE; i++) {
                pixels[offset + i] = page[i] & 0xff;
            }
        }
        return m.create(pixels, new Shape(receipts.size(), 3, SIDE, SIDE));
    }

    private byte[] page(Receipt receipt) {
        Path file = receipt.image();
        if (file == null) {
            throw new UncheckedIOException(new IOException(receipt.id() + ": no page image (LayoutLMv2 reads it)"));
        }
        return pages.computeIfAbsent(file, f -> {
            try {
                float[] values = PageImage.read(f, SIDE);
                byte[] bytes = new byte[values.length];
                for (int i = 0; i < values.length; i++) {
                    bytes[i] = (byte) Math.round(Math.max(0f, Math.min(255f, values[i])));
                }
                return bytes;
            } catch (IOException e) {
                throw new UncheckedIOException(new IOException(f + ": " + e.getMessage(), e));
            }
        });
    }

    @Override
    public void close() {
        pages.clear();
        super.close();
    }
}
