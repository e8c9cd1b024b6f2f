package com.layoutlens.model.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint could not be read or written. The message is meant for the user as it is: it
 * always names the file and, where one tensor is at fault, that tensor.
 */
public class CheckpointException extends IOException {

    private final transient Path file;
    private final String tensor;

    public CheckpointException(Path file, String tensor, String message) {
        this(file, tensor, message, null);
    }

    public CheckpointException(Path file, String tensor, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.tensor = tensor;
    }

    /** The checkpoint file concerned. */
    public Path file() {
        return file;
    }

    /** The tensor concerned, or {@code null} when the fault is not a single tensor's. */
    public String tensor() {
        return tensor;
    }
}
