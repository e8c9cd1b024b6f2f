package com.layoutlens.model;

import java.io.IOException;

/**
 * A model folder (config, weights, tokenizer files) that cannot be used: a missing or
 * malformed file, a tensor with the wrong shape, a missing weight. The message names the
 * file and, where there is one, the tensor, so that it can be shown to the user as is.
 */
public class ModelFolderException extends IOException {

    public ModelFolderException(String message) {
        super(message);
    }

    public ModelFolderException(String message, Throwable cause) {
        super(message, cause);
    }
}
