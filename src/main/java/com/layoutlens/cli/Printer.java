package com.layoutlens.cli;

import java.io.PrintStream;

/**
 * Where every command prints: the summary (text or {@code --json}) on standard output,
 * progress, problems and notes on standard error. Looked up at each call, so a caller that
 * redirects {@code System.out} (a test, an embedding program) gets all of it.
 */
final class Printer {

    private Printer() {
    }

    /** The summary: what a script reads. */
    static PrintStream out() {
        return System.out;
    }

    /** Progress, problems, warnings: what a person reads. */
    static PrintStream err() {
        return System.err;
    }
}
