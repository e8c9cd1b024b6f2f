package com.layoutlens;

import com.layoutlens.cli.LayoutLensCli;

/**
 * Entry point of {@code java -jar layoutlens.jar}: without arguments it starts the
 * desktop app; with a command argument it is the command line ({@code help} lists the
 * commands).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            args = new String[] {"app"};
        }
        int code = LayoutLensCli.run(args);
        if (!"app".equals(args[0]) || code != 0) {
            System.exit(code);
        }
    }
}
