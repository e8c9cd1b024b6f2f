/**
 * The services both front ends call, between the core and {@code cli} / {@code ui}: model
 * runs over a receipt folder with their cache (per model and folder, fresh while newer than
 * each receipt's box file and image and labelling its words as they are now, OCR corrections
 * included), the GPU-to-CPU fallback and progress
 * ({@link com.layoutlens.service.PredictionRun}); evaluation results exported as JSON
 * ({@code evaluate}, {@code compare}, {@code errors}, and the Spark job's {@code --eval-out} and
 * {@code --compare-out}) and CSV (the Evaluation tab) from one place
 * ({@link com.layoutlens.service.EvaluationExport}, its JSON text by
 * {@link com.layoutlens.service.JsonText}); training runs that resume on the
 * CPU when the GPU fails ({@link com.layoutlens.service.TrainingRuns}); K-fold cross-validation
 * with out-of-fold predictions and their probabilities, for {@code train --cross-val K} and the
 * Training tab ({@link com.layoutlens.service.CrossValidation}); model downloads from a hub
 * with progress, warnings and a cancel that keeps the partial file
 * ({@link com.layoutlens.service.ModelDownloads}, for {@code models download} and the Models tab,
 * the only code that makes a {@code HubClient}). {@code predict} and the app's model runs go
 * through the same code, so they agree on every receipt.
 *
 * <p>Must not know: JavaFX, {@code cli} or {@code ui} (ArchitectureTest); a service reports
 * through plain listeners and return values, never through a toolkit or a terminal.
 */
package com.layoutlens.service;
