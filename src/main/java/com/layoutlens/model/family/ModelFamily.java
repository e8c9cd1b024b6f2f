package com.layoutlens.model.family;

import ai.djl.Device;
import com.layoutlens.model.LoadOptions;
import com.layoutlens.model.ModelConfig;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.TokenClassifier;
import com.layoutlens.model.WeightLoader;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.forward.ForwardArchitecture;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything LayoutLens knows about one model family, behind one contract, found through the
 * registry ({@code com.layoutlens.model.registry.ModelFamilies}) by transformers'
 * {@code model_type}. A family lives in its own package under {@code com.layoutlens.model};
 * predict, forward, train, {@code models list} and the app ask the registry and never name a
 * family themselves.
 *
 * <p>How a receipt is encoded for a family is said by its loaded model ({@link TokenClassifier}:
 * the special tokens' boxes, the page shape and how a page is prepared) and its tokenizer files
 * ({@link #tokenizerFiles()}); the word-to-token encoding itself is shared.
 */
public interface ModelFamily {

    /** transformers' {@code model_type}: the key of the registry and of {@code config.json}. */
    String modelType();

    /** The name people use: {@code LayoutLMv2}. */
    String displayName();

    /** One line for help texts: what the family reads. */
    String summary();

    /**
     * The tokenizer files the family's folders carry, as alternatives: any one complete set
     * makes a tokenizer ({@code [[tokenizer.json], [vocab.txt]]}).
     */
    List<List<String>> tokenizerFiles();

    /** The kind of vocabulary a fresh model of this family is trained with. */
    TokenizerKind tokenizerKind();

    /** Reads and checks {@code config.json}; no weights are read. */
    ModelConfig readConfig(Path folder) throws ModelFolderException;

    /**
     * Matches a checkpoint's header against the weights a model of this configuration needs
     * (names, shapes, types; no data read): what a load checks first, and what
     * {@code models list} reports.
     */
    WeightLoader.Plan check(ModelConfig config, Checkpoint source);

    /** Loads a folder onto a device. */
    TokenClassifier load(Path folder, Device device, LoadOptions options) throws ModelFolderException;

    /** A model with every weight freshly drawn (the engine's random seed decides them). */
    TokenClassifier create(ModelConfig config, Device device, boolean trainable);

    /**
     * The configuration of a fresh model of a named size, for training from scratch: the
     * family's defaults for everything the size does not say.
     */
    ModelConfig freshConfig(ModelSize size, int vocabSize, List<String> labels);

    /**
     * The {@code model_type}s of plain text encoders whose embeddings and layers can start a model
     * of this family ({@code train --from-encoder}): {@code bert} for LayoutLM and LayoutLMv2,
     * {@code roberta} for LayoutLMv3.
     */
    List<String> encoderTypes();

    /**
     * The configuration of a model started from a text encoder: the encoder's vocabulary, widths,
     * positions and token types, the family's defaults for the rest (layout, page).
     */
    ModelConfig configFromEncoder(EncoderConfig encoder, List<String> labels);

    /**
     * A trainable model whose word, position and token type embeddings and encoder layers come
     * from the encoder folder's checkpoint ({@code bert.*}, {@code roberta.*} or unprefixed keys);
     * everything else (layout embeddings, the page branch, the head) is drawn fresh and listed in
     * the report's {@code fresh}.
     */
    TokenClassifier loadEncoder(Path encoderFolder, ModelConfig config, Device device) throws ModelFolderException;

    /** How the visual branch of a model of this configuration cuts the page; null when it reads no page. */
    default PageGrid pageGrid(ModelConfig config) {
        return null;
    }

    /** What {@code forward} needs: the inputs and their checks, read from the folder's configuration. */
    ForwardArchitecture forward(Path folder) throws ModelFolderException;

    /** The vocabularies a family's fresh model is trained with. */
    enum TokenizerKind {
        /** BERT's uncased WordPiece ({@code vocab.txt}, {@code [CLS]} / {@code [SEP]}). */
        WORDPIECE,
        /** RoBERTa's byte-level BPE ({@code vocab.json} + {@code merges.txt}, {@code <s>} / {@code </s>}). */
        BYTE_LEVEL_BPE
    }
}
