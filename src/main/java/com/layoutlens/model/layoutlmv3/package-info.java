/**
 * LayoutLMv3 token classification on DJL, numerically equal to transformers'
 * {@code LayoutLMv3ForTokenClassification}: RoBERTa-style text embeddings with LayoutLMv2's
 * layout embeddings, the page as ViT patches (Conv2d, CLS token, position embeddings) appended
 * to the text, the relative 1D and 2D attention biases, and a head over the text tokens. Shared
 * pieces (the encoder layer, linear/embedding/norm/convolution blocks, the relative bias,
 * weight loading) live in {@code model.nn}.
 */
package com.layoutlens.model.layoutlmv3;
