/**
 * Fine-tuning: a training loop on DJL's PyTorch engine with its own AdamW, schedule and
 * loss, resumable checkpoints in the Hugging Face layout, and background jobs that report
 * progress through plain listeners.
 *
 * <p>The loop knows models only through {@link com.layoutlens.train.TrainableModel}: a
 * forward pass to token logits and a list of named weights. Every model family is adapted by
 * {@link com.layoutlens.train.FamilyTrainable}; {@link com.layoutlens.train.TrainableModels}
 * opens and creates them through the model family registry.
 *
 * <p>Must not know JavaFX, the CLI or the UI, nor evaluation beyond the evaluator it calls for
 * dev F1.
 */
package com.layoutlens.train;
