package com.layoutlens.cli;

import com.layoutlens.ui.LayoutLensApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code app}: the desktop app (also what {@code java -jar layoutlens.jar} starts without arguments). */
@Command(name = "app", description = "Start the desktop app (default: on ./sample-receipts when present).",
        mixinStandardHelpOptions = true)
public final class AppCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", description = "receipt folder to open")
    Path data;

    @Override
    public Integer call() {
        if (data != null && !Files.isDirectory(data)) {
            throw new LayoutLensCli.UsageException(data + ": not a folder");
        }
        if (data == null) {
            LayoutLensApp.launchApp();
        } else {
            LayoutLensApp.launchApp("--data", data.toString());
        }
        return 0;
    }
}
