package com.layoutlens.model.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * One weight of a block under its Hugging Face name: the checkpoint key it is read from
 * and written to, the DJL parameter that holds it, and the shape the configuration
 * demands (checked before any data is copied).
 *
 * @param name      the full checkpoint key, e.g. {@code layoutlm.encoder.layer.0.attention.self.query.weight}
 * @param parameter the parameter of the block
 * @param shape     the expected shape, in PyTorch layout
 */
public record WeightSlot(String name, Parameter parameter, Shape shape) {
}
