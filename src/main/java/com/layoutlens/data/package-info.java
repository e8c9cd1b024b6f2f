/**
 * The foundation every other layer reads through: receipts (page image, OCR segments with
 * boxes, words cut from them), key values, label sets (the schema, from
 * {@code resources/labelsets/}), label files and folders (RFC 4180 CSV, written atomically by
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
