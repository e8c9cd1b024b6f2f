/**
 * From words to model inputs: WordPiece sub-tokens for each word, 0..1000 boxes, windows of
 * at most the model's length with a stride (and which window each word's prediction is read
 * from), the page image as LayoutLMv2's visual branch takes it, and the diagnostics the Model
 * input tab shows.
 *
 * <p>Must not know a family's blocks or weights, evaluation, training or the front ends.
 */
package com.layoutlens.model.encode;
