/**
 * LayoutLMv2 token classification on DJL, numerically equal to transformers'
 * {@code LayoutLMv2ForTokenClassification}: text and layout embeddings, the detectron2
 * ResNet/ResNeXt + FPN visual backbone with frozen batch norm, the pooled image grid as 49
 * extra tokens, and the relative 1D and 2D attention biases. Shared pieces (the encoder
 * layer, linear/embedding/norm blocks, weight loading) live in {@code model.nn}; the
 * predictor in {@code model.layoutlm} serves both versions.
 *
 * <p>Must not know evaluation, training (which adapts this family in {@code train}) or the
 * front ends.
 */
package com.layoutlens.model.layoutlmv2;
