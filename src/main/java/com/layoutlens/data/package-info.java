/**
 * The foundation every other layer reads through: receipts (page image, OCR segments with
 * boxes, words cut from them), key values, label schemas ({@link com.layoutlens.data.LabelSet}: types
 * and a tagging {@link com.layoutlens.data.Scheme}, built in under {@code resources/labelsets/} or
 * from a file), entities of a tag sequence as seqeval reads them and conversion between schemes
 * ({@link com.layoutlens.data.Chunks}), label files and folders (RFC 4180 CSV, written atomically by
 * {@link com.layoutlens.data.AtomicFiles}), the label document the editor changes with undo
 * and redo, gold alignment from key files, visual lines, and dataset statistics (with the
 * stroke weight of words measured on the scan for the bold-TOTAL hypothesis,
 * {@link com.layoutlens.data.BoldTotal}).
 *
 * <p>Reading a folder never stops at one bad file: problems are collected
 * ({@link com.layoutlens.data.Problem}) and the rest is read.
 *
 * <p>Must not know: models, DJL, evaluation, training, the CLI or the UI (ArchitectureTest
 * fails the build if it does).
 */
package com.layoutlens.data;
