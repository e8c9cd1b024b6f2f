/**
 * Weights files: safetensors (memory-mapped, read and written), PyTorch's
 * {@code pytorch_model.bin} through a restricted unpickler that accepts only a state dict's
 * tensors (a checkpoint can never run code), sharded checkpoints with their index, and the
 * data types they carry.
 *
 * <p>Owns the bytes of tensors and their names; must not know what a tensor means (that is the
 * families' and {@code nn}'s), nor DJL's engine, evaluation, training or the front ends.
 */
package com.layoutlens.model.checkpoint;
