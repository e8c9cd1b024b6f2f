package com.layoutlens.model.forward;

import java.io.IOException;

/**
 * Inputs that a model cannot run on (a missing tensor, a wrong dtype, shape or value) or a
 * batch that does not fit in memory. The message names the tensor and what was expected, so
 * that it can be shown to the user as is.
 */
public class ForwardException extends IOException {

    private final String tensor;

    public ForwardException(String tensor, String message) {
        super(message);
        this.tensor = tensor;
    }

    public ForwardException(String tensor, String message, Throwable cause) {
        super(message, cause);
        this.tensor = tensor;
    }

    /** The input tensor the problem is about, or null when it concerns the whole call. */
    public String tensor() {
        return tensor;
    }
}
