package com.layoutlens.model;

import ai.djl.Device;
import com.layoutlens.model.layoutlm.LayoutLMConfig;
import com.layoutlens.model.layoutlm.LayoutLMModel;
import com.layoutlens.model.layoutlmv2.LayoutLMv2Config;
import com.layoutlens.model.layoutlmv2.LayoutLMv2Model;
import com.layoutlens.model.layoutlmv3.LayoutLMv3Config;
import com.layoutlens.model.layoutlmv3.LayoutLMv3Model;

import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.CheckpointException;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.encode.WordTokenizer;
import com.layoutlens.model.nn.WeightLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens a model folder of any supported family, chosen by the {@code model_type} of its
 * {@code config.json}: {@code layoutlm} (also when absent), {@code layoutlmv2} or {@code layoutlmv3}.
 */
public final class TokenClassifiers {

    /** The model types {@link #load} understands. */
    public static final List<String> TYPES = List.of("layoutlm", "layoutlmv2", "layoutlmv3");

    private TokenClassifiers() {
    }

    /**
     * What a folder's configuration says, read without touching the weights, so that a
     * wrong folder fails fast.
     *
     * @param type          the model type
     * @param labels        class names by id
     * @param maxTextLength the longest text window
     * @param needsImage    whether the model reads the page image
     * @param vocabSize     rows of the word embedding table: token ids must stay below it
     */
    public record Description(String type, List<String> labels, int maxTextLength, boolean needsImage,
                              int vocabSize) {
    }

    /** Reads and checks the configuration of a model folder. */
    public static Description describe(Path folder) throws ModelFolderException {
        String type = ConfigJson.modelType(folder);
        switch (type) {
            case "layoutlm": {
                LayoutLMConfig c = LayoutLMConfig.read(folder);
                return new Description(type, c.labels(), c.maxPositionEmbeddings(), false, c.vocabSize());
            }
            case "layoutlmv2": {
                LayoutLMv2Config c = LayoutLMv2Config.read(folder);
                return new Description(type, c.labels(), c.maxPositionEmbeddings(), true, c.vocabSize());
            }
            case "layoutlmv3": {
                LayoutLMv3Config c = LayoutLMv3Config.read(folder);
                return new Description(type, c.labels(), c.maxTextLength(), c.visualEmbed(), c.vocabSize());
            }
            default:
                throw new ModelFolderException(ConfigJson.file(folder) + ": model_type '" + type
                        + "' is not supported (use one of " + String.join(", ", TYPES) + ")");
        }
    }

    /**
     * Why a folder cannot be loaded, found the way a load finds it but from the small files and
     * the weight headers alone (no tensor data is read): {@code config.json} parses and its
     * {@code model_type} is supported, {@code id2label} / {@code label2id} agree, the
     * checkpoint's tensor names, shapes and floating-point types are those the configuration
     * needs (the classifier's rows are the label count), and the tokenizer files, where present,
     * make a tokenizer whose ids fit the word embeddings.
     * Loading runs the same code ({@link #describe}, the families' {@code check}, which their
     * loads plan with, and {@link WordTokenizer#load}), so the two cannot disagree.
     *
     * @return one line per problem, each naming its file (and tensor); empty for a usable folder
     */
    public static List<String> check(Path folder) {
        List<String> problems = new ArrayList<>();
        Description d = null;
        try {
            d = describe(folder);
        } catch (ModelFolderException | RuntimeException e) {
            problems.add(message(e));
        }
        if (d != null) {
            try (Checkpoint source = Checkpoints.open(folder)) {
                WeightLoader.Plan plan = switch (d.type()) {
                    case "layoutlmv2" -> LayoutLMv2Model.check(LayoutLMv2Config.read(folder), source);
                    case "layoutlmv3" -> LayoutLMv3Model.check(LayoutLMv3Config.read(folder), source);
                    default -> LayoutLMModel.check(LayoutLMConfig.read(folder), source);
                };
                problems.addAll(plan.problems());
            } catch (CheckpointException | ModelFolderException | RuntimeException e) {
                problems.add(message(e));
            }
        }
        if (Files.exists(folder.resolve("tokenizer.json")) || Files.exists(folder.resolve("vocab.txt"))
                || Files.exists(folder.resolve("vocab.json"))) {
            try (WordTokenizer t = WordTokenizer.load(folder)) {
                if (d != null) {
                    checkTokenizer(d, t, folder);
                }
            } catch (ModelFolderException | RuntimeException e) {
                problems.add(message(e));
            }
        }
        return problems;
    }

    /**
     * A tokenizer fits a model when every id it can give has a row in the word embedding table
     * (otherwise every receipt with such a token fails in the middle of a run).
     */
    public static void checkTokenizer(Description d, WordTokenizer tokenizer, Path folder) throws ModelFolderException {
        if (tokenizer.maxId() >= d.vocabSize()) {
            Path file = Files.isRegularFile(folder.resolve("tokenizer.json")) ? folder.resolve("tokenizer.json")
                    : Files.isRegularFile(folder.resolve("vocab.json")) ? folder.resolve("vocab.json")
                    : folder.resolve("vocab.txt");
            throw new ModelFolderException(file + ": the tokenizer gives token ids up to " + tokenizer.maxId()
                    + " but the model's vocab_size is " + d.vocabSize() + " (" + ConfigJson.file(folder) + ")");
        }
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Loads a model folder for inference. */
    public static TokenClassifier load(Path folder, Device device) throws ModelFolderException {
        Description d = describe(folder);
        return switch (d.type()) {
            case "layoutlmv2" -> LayoutLMv2Model.load(folder, device);
            case "layoutlmv3" -> LayoutLMv3Model.load(folder, device);
            default -> LayoutLMModel.load(folder, device);
        };
    }
}
