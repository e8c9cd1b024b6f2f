package com.layoutlens.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/** The command line: {@code java -jar target/layoutlens.jar <command> [options]}. */
@Command(name = "layoutlens",
        mixinStandardHelpOptions = true,
        versionProvider = LayoutLensCli.Version.class,
        description = "LayoutLens: inspect, evaluate and train key-information extractors for scanned receipts.",
        subcommands = {
                CommandLine.HelpCommand.class,
                AppCommand.class,
                AlignCommand.class,
                StatsCommand.class,
                SamplesCommand.class,
                EvaluateCommand.class,
                CompareCommand.class,
                ErrorsCommand.class,
                SuspectsCommand.class,
                PredictCommand.class,
                ForwardCommand.class,
                ModelsCommand.class,
                TrainCommand.class,
                ExportCommand.class,
                ImportCommand.class,
        })
public final class LayoutLensCli implements Runnable {

    /** Exit code for a usage error (bad option, missing folder). */
    public static final int USAGE = 2;
    /** Exit code when the work ran but found errors the user must see. */
    public static final int FAILED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new LayoutLensCli());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            if (ex instanceof java.nio.file.FileSystemException f && f.getFile() != null) {
                // a file the command could not make or read: its name and why, never the bare path
                String why = com.layoutlens.data.WriteErrors.reason(f);
                if (why.endsWith(": " + f.getFile())) {
                    why = why.substring(0, why.length() - f.getFile().length() - 2);
                }
                message = f.getFile() + ": " + why;
            }
            err.println("error: " + com.layoutlens.data.Printable.of(message));
            if (Boolean.getBoolean("layoutlens.debug")) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ex instanceof UsageException ? USAGE : FAILED;
        });
        return cl;
    }

    public static int run(String... args) {
        CommandLine cl = commandLine();
        try {
            return cl.execute(args);
        } finally {
            cl.getOut().flush(); // every command prints through these two writers
            cl.getErr().flush();
        }
    }

    /** {@code dir} itself when it is a folder; otherwise a usage error that names it. */
    static java.nio.file.Path requireFolder(java.nio.file.Path dir) {
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new UsageException(dir + ": not a folder");
        }
        return dir;
    }

    /** A user error that is reported with exit code {@value #USAGE} and no stack trace. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }

    /** Work that ran and failed (a file that could not be written), reported with exit code {@value #FAILED}. */
    public static final class Failure extends RuntimeException {
        public Failure(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = LayoutLensCli.class.getPackage().getImplementationVersion();
            return new String[] {"LayoutLens " + (v == null ? "(development build)" : v)};
        }
    }
}
