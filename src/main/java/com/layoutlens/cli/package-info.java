/**
 * The command line (picocli): one class per command over the core packages, JSON or text
 * output, exit codes 0 (done), 1 (the work failed) and 2 (a usage error). Help texts that
 * list registered things (the rules in {@code evaluate --help}) are read from their registry.
 *
 * <p>Owns parsing options and printing results; the work itself belongs to the core. Must not
 * know JavaFX or the {@code ui} package.
 */
package com.layoutlens.cli;
