/**
 * LayoutLens: a desktop studio and a command line for key-information extraction from
 * scanned receipts with the LayoutLM family. {@link com.layoutlens.Main} only chooses the
 * front end (the app without arguments, the command line with a command).
 *
 * <p>Layers, each in its package (ArchitectureTest holds the rules): {@code data} (receipts,
 * labels, files) under {@code model} (families, checkpoints, prediction), {@code eval}
 * (metrics and rules) and {@code train} (fine-tuning); {@code cli} and {@code ui} are the two
 * front ends over them. Only {@code ui} knows JavaFX; no core package knows a front end.
 */
package com.layoutlens;
