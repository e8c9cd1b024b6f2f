/**
 * Synthetic SROIE-style receipts with gold labels, generated deterministically from a seed
 * (text, layout, rendering, fonts) for tests, demos and training from scratch; the
 * {@code samples} command writes them as a receipt folder.
 *
 * <p>Owns only the generation; the folder layout and label files are {@code data}'s. Must not
 * know models, evaluation, training or either front end.
 */
package com.layoutlens.data.samples;
