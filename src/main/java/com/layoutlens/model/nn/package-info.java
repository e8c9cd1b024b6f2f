/**
 * Blocks the families share, written with Hugging Face's names so that
 * {@link com.layoutlens.model.nn.HfModule#weightSlots()} walks a model's weights exactly as
 * transformers names them: linear, embedding, layer norm and convolution layers, the
 * transformer encoder layer, activations, input checks, and the weight loader that fills the
 * slots from a checkpoint with a report of what was loaded, fresh, ignored or unexpected.
 *
 * <p>Must not know a particular family's configuration, receipts, evaluation, training or the
 * front ends.
 */
package com.layoutlens.model.nn;
