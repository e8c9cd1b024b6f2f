package com.layoutlens.model;

import java.util.List;

/**
 * What every family's configuration ({@code config.json}) says that code outside the family
 * needs: the labels, the sizes that bound the inputs, and its own JSON for a saved folder.
 */
public interface ModelConfig {

    /** transformers' {@code model_type}. */
    String modelType();

    /** Class names by id ({@code id2label}). */
    List<String> labels();

    /** Rows of the word embedding table: token ids must stay below it. */
    int vocabSize();

    /** The longest text window, special tokens included. */
    int maxTextLength();

    /** Whether the model reads the page image. */
    boolean needsImage();

    /** This configuration with another label list (a fresh classifier head). */
    ModelConfig withLabels(List<String> labels);

    /** The {@code config.json} text transformers reads back into the same model. */
    String toJson();
}
