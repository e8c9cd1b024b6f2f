/**
 * Models, family-neutral: reading a Hugging Face model folder into a token classifier of the
 * right family ({@link com.layoutlens.model.registry.TokenClassifiers}, by {@code model_type}), devices
 * and the GPU-to-CPU fallback decision ({@link com.layoutlens.model.Devices},
 * {@link com.layoutlens.model.DeviceFallback}), and the family-neutral predictor of a receipt
 * folder ({@link com.layoutlens.model.predict.ReceiptPredictor}; the cached, resumable runs over
 * it are the service layer's {@code com.layoutlens.service.PredictionRun}).
 *
 * <p>Sub-packages: {@code checkpoint} (weights files), {@code nn} (shared blocks),
 * {@code encode} (words to model inputs), one package per family ({@code layoutlm},
 * {@code layoutlmv2}), {@code forward} (raw tensors in and out) and {@code hub} (model folders
 * on disk and on a hub).
 *
 * <p>Must not know: evaluation, training, the CLI or the UI; it reads and writes label rows
 * through {@code data} only.
 */
package com.layoutlens.model;
