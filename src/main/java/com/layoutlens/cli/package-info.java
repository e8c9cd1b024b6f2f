/**
 * The command line (picocli): one class per command over the core packages, JSON or text
 * output, exit codes 0 (done), 1 (the work failed) and 2 (a usage error). Help texts that
 * list registered things (the rules in {@code evaluate --help}) are read from their registry.
 *
 * <p>Every command prints through its command line's two writers ({@code getOut()} for the
 * summary, {@code getErr()} for progress and problems), never through {@code System.out}, so
 * whoever runs the command line decides where its output goes ({@code CliCommand}'s
 * {@code out()} and {@code err()}). Model runs, evaluation export, training and model downloads
 * go through {@code com.layoutlens.service}, as in the app. Options that several commands take
 * are mixins, declared once: the receipt folder ({@code ReceiptsOption}: {@code --data},
 * {@code --format}), {@code --device}, {@code --schema}, the gold ({@code GoldOptions}), the
 * scoring options and the label output.
 *
 * <p>Owns parsing options and printing results; the work itself belongs to the core. Must not
 * know JavaFX or the {@code ui} package.
 */
package com.layoutlens.cli;
