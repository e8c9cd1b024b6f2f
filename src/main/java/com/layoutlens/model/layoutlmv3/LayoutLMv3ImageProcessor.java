package com.layoutlens.model.layoutlmv3;

import com.fasterxml.jackson.databind.JsonNode;
import com.layoutlens.model.ConfigJson;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.encode.PageImage;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The page as transformers' {@code LayoutLMv3ImageProcessor} prepares it with
 * {@code apply_ocr=False}: RGB, resized to {@code size} with the bilinear filter
 * ({@link PageImage}'s PIL-style resize, whole 8-bit values), then rescaled and normalised in one
 * step as transformers 5 fuses them, {@code (x - mean / rescale_factor) / (std / rescale_factor)}
 * in float32, channels first. Settings come from the folder's {@code preprocessor_config.json}
 * (transformers' defaults without it: 224 x 224, mean = std = 0.5, rescale 1/255).
 *
 * @param size          the square side in pixels
 * @param mean          per RGB channel, on the 0..1 scale
 * @param std           per RGB channel, on the 0..1 scale
 * @param rescaleFactor the factor that takes 0..255 to 0..1 (1/255)
 * @param rescale       whether values are rescaled
 * @param normalize     whether values are normalised
 */
public record LayoutLMv3ImageProcessor(int size, float[] mean, float[] std, double rescaleFactor, boolean rescale,
                                       boolean normalize) {

    /** The file inside a model folder. */
    public static final String FILE = "preprocessor_config.json";

    public LayoutLMv3ImageProcessor {
        if (size < 1 || mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("the image processor needs a positive size and three means and stds");
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** transformers' defaults for a square page of this side. */
    public static LayoutLMv3ImageProcessor defaults(int size) {
        return new LayoutLMv3ImageProcessor(size, new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f},
                1 / 255.0, true, true);
    }

    /**
     * The folder's {@code preprocessor_config.json}, or the defaults at {@code inputSize} without it.
     *
     * @throws ModelFolderException for settings this port does not reproduce (a non-square size, another
     *                              resampling filter than bilinear, no resize)
     */
    public static LayoutLMv3ImageProcessor read(Path folder, int inputSize) throws ModelFolderException {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return defaults(inputSize);
        }
        JsonNode root = ConfigJson.parse(ConfigJson.readText(file), file.toString());
        try {
            int size = inputSize;
            JsonNode s = root.get("size");
            if (s != null && s.isObject() && s.has("height")) {
                size = s.get("height").asInt();
                if (s.path("width").asInt(size) != size) {
                    throw new IllegalArgumentException("size " + s + " is not square");
                }
            } else if (s != null && s.isInt()) {
                size = s.asInt();
            } else if (s != null && !s.isNull()) {
                throw new IllegalArgumentException("size " + s + " is not {height, width}");
            }
            if (root.has("do_resize") && !root.get("do_resize").asBoolean()) {
                throw new IllegalArgumentException("do_resize false is not supported (pages come in any size)");
            }
            int resample = ConfigJson.intOf(root, "resample", 2);
            if (resample != 2) {
                throw new IllegalArgumentException("resample " + resample + " is not supported (2, bilinear, is)");
            }
            return new LayoutLMv3ImageProcessor(size, triple(root, "image_mean"), triple(root, "image_std"),
                    root.path("rescale_factor").asDouble(1 / 255.0), root.path("do_rescale").asBoolean(true),
                    root.path("do_normalize").asBoolean(true));
        } catch (IllegalArgumentException e) {
            throw new ModelFolderException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The {@code preprocessor_config.json} text that transformers' {@code LayoutLMv3ImageProcessor}
     * and this class read back as these settings ({@code apply_ocr} false: the words come from the
     * receipt's OCR).
     */
    public String toJson() {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root = json.createObjectNode();
        root.put("image_processor_type", "LayoutLMv3ImageProcessor");
        root.put("processor_class", "LayoutLMv3Processor");
        root.put("apply_ocr", false);
        root.put("do_resize", true);
        root.putObject("size").put("height", size).put("width", size);
        root.put("resample", 2);
        root.put("do_rescale", rescale);
        root.put("rescale_factor", rescaleFactor);
        root.put("do_normalize", normalize);
        com.fasterxml.jackson.databind.node.ArrayNode m = root.putArray("image_mean");
        com.fasterxml.jackson.databind.node.ArrayNode d = root.putArray("image_std");
        for (int c = 0; c < 3; c++) {
            m.add(Double.parseDouble(Float.toString(mean[c])));
            d.add(Double.parseDouble(Float.toString(std[c])));
        }
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float[] triple(JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return new float[] {0.5f, 0.5f, 0.5f};
        }
        if (n.isNumber()) {
            return new float[] {n.floatValue(), n.floatValue(), n.floatValue()};
        }
        if (!n.isArray() || n.size() != 3) {
            throw new IllegalArgumentException(key + " must be a number or three numbers, found " + n);
        }
        return new float[] {n.get(0).floatValue(), n.get(1).floatValue(), n.get(2).floatValue()};
    }

    /**
     * Reads and prepares an image file: (3, size, size) RGB, normalised. The image is decoded
     * within the same pixel budget as every page ({@link PageImage#decode}): refused when its
     * header declares too many pixels, subsampled above the decode budget.
     */
    public float[] read(Path file) throws IOException {
        return prepare(PageImage.decode(file));
    }

    /** Prepares a decoded image: (3, size, size) RGB, normalised. */
    public float[] prepare(BufferedImage image) {
        float[] bgr = PageImage.prepare(image, size); // 0..255, B, G, R planes
        int plane = size * size;
        float[] out = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            int from = (2 - c) * plane;
            float[] ms = scaled(c);
            for (int i = 0; i < plane; i++) {
                float v = bgr[from + i];
                if (normalize) {
                    v = (v - ms[0]) / ms[1];
                } else if (rescale) {
                    v = v * (float) rescaleFactor;
                }
                out[c * plane + i] = v;
            }
        }
        return out;
    }

    /**
     * Mean and std of a channel on the scale of the pixels: transformers multiplies them by
     * {@code 1 / rescale_factor} (in float32) when it fuses rescaling into the normalisation.
     */
    private float[] scaled(int c) {
        if (!rescale) {
            return new float[] {mean[c], std[c]};
        }
        float k = (float) (1.0 / rescaleFactor);
        return new float[] {mean[c] * k, std[c] * k};
    }
}
