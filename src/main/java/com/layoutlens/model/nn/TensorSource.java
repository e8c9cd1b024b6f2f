package com.layoutlens.model.nn;

import java.io.IOException;
import java.util.Set;

/**
 * Named tensors to load weights from: what the weight loader needs of a checkpoint,
 * whatever its file format. Float data of any width comes back widened to float32, so
 * no bfloat16 array ever reaches the engine.
 */
public interface TensorSource extends AutoCloseable {

    Set<String> names();

    /** The shape of a tensor (PyTorch layout); a scalar has an empty shape. */
    long[] shape(String name) throws IOException;

    /** The tensor's values as float32, row-major. */
    float[] readFloats(String name) throws IOException;

    /** The tensor's values as int64, row-major (integer tensors only). */
    long[] readLongs(String name) throws IOException;

    /** Where the tensors come from, for messages. */
    String source();

    @Override
    void close() throws IOException;
}
