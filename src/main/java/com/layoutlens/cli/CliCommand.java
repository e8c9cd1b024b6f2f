package com.layoutlens.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * What a command shares with the others: picocli's model of it (injected) and the two writers
 * it prints through, its command line's, so that the root command, the tests and the app's
 * callers capture every line a command prints.
 */
abstract class CliCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The results: the command line's standard output. */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Progress, warnings and problems: the command line's standard error. */
    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
