package com.layoutlens;

import com.layoutlens.cli.LayoutLensCli;

/**
 * Entry point of {@code java -jar layoutlens.jar}: with a command argument it is the
 * command line ({@code help} lists the commands).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(LayoutLensCli.run(args));
    }
}
