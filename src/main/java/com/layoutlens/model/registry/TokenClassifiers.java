package com.layoutlens.model.registry;

import ai.djl.Device;
import com.layoutlens.model.ConfigJson;
import com.layoutlens.model.LoadOptions;
import com.layoutlens.model.ModelConfig;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.TokenClassifier;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.CheckpointException;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.encode.WordTokenizer;
import com.layoutlens.model.family.ModelFamily;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens a model folder of any registered family ({@link ModelFamilies}), chosen by the
 * {@code model_type} of its {@code config.json} ({@code layoutlm} when absent).
 */
public final class TokenClassifiers {

    /** The model types {@link #load} understands. */
    public static final List<String> TYPES = ModelFamilies.modelTypes();

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
        ModelConfig c = ModelFamilies.of(folder).readConfig(folder);
        return new Description(c.modelType(), c.labels(), c.maxTextLength(), c.needsImage(), c.vocabSize());
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
                ModelFamily family = ModelFamilies.of(d.type(), ConfigJson.file(folder).toString());
                com.layoutlens.model.WeightLoader.Plan plan = family.check(family.readConfig(folder), source);
                problems.addAll(plan.problems());
            } catch (CheckpointException | ModelFolderException | RuntimeException e) {
                problems.add(message(e));
            }
        }
        if (d != null) {
            // the settings predict reads beside the weights, checked as it checks them
            try {
                com.layoutlens.model.encode.BoxLevel.ofFolder(folder);
            } catch (ModelFolderException | RuntimeException e) {
                problems.add(message(e));
            }
            try {
                com.layoutlens.model.encode.TotalSegments.ofFolder(folder);
            } catch (ModelFolderException | RuntimeException e) {
                problems.add(message(e));
            }
        }
        if (ModelFamilies.tokenizerFileNames().stream().anyMatch(n -> Files.exists(folder.resolve(n)))) {
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
        return ModelFamilies.of(folder).load(folder, device, LoadOptions.inference());
    }
}
