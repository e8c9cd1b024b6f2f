/**
 * A model folder run on tensors saved from Python (the {@code forward} command): named
 * inputs in, logits and hidden states out, per family
 * ({@link com.layoutlens.model.registry.ForwardModels} picks it by {@code model_type}), with
 * input checks, a memory estimate before the run and a readable out-of-memory report; what the
 * families' adapters share (text inputs, the encoder's memory, the runner) is
 * {@link com.layoutlens.model.forward.EncoderForward}.
 *
 * <p>Must not know receipts or label files (its inputs are tensors), evaluation, training or
 * the front ends.
 */
package com.layoutlens.model.forward;
