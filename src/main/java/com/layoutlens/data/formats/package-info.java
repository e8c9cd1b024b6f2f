/**
 * Receipt formats: a {@link com.layoutlens.data.formats.ReceiptReader}
 * turns a folder of some format into {@link com.layoutlens.data.Receipt}s (image, words with
 * pixel boxes, optional labels) and says what it could not read; a
 * {@link com.layoutlens.data.formats.ReceiptWriter} writes receipts out in a format.
 * {@link com.layoutlens.data.formats.ReceiptFormats} lists them all by name (one line a format)
 * and detects a folder's format; {@code sroie}, our own folder read by
 * {@link com.layoutlens.data.Dataset#load}, is one reader among them, tried last.
 *
 * <p>This package owns the formats' files ({@code hf}: {@code data.jsonl} and {@code labels.json};
 * {@code funsd}, {@code cord}, {@code label-studio}, {@code ppocr}: those tools' and data sets' files;
 * {@code pdf}: digitally produced PDFs, and one PDF per receipt with an invisible text layer; {@code sroie-keys}: the task-3 key files;
 * {@code sroie}: our folder written from receipts of another format). What they share (JSON files
 * read within limits with the line of an error, images, segments of words with their own boxes,
 * the entities a receipt's tags make) is in {@code FormatIo}. It builds on {@code com.layoutlens.data} only and must not know evaluation,
 * models, training, services or the front ends: a writer that needs field values (sroie-keys) is
 * given the decoding as a function by its caller.
 */
package com.layoutlens.data.formats;
