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

    @Option(names = "--model-a", paramLabel = "DIR", description = "model folder to run as model A "
            + "(default: the first folder under ./models)")
    Path modelA;

    @Option(names = "--model-b", paramLabel = "DIR", description = "model folder to run as model B "
            + "(default: the second folder under ./models)")
    Path modelB;

    @picocli.CommandLine.Mixin
    SchemaOption schema = new SchemaOption();

    @Override
    public Integer call() {
        java.util.List<String> args = new java.util.ArrayList<>();
        if (schema.given() != null) {
            args.add("--schema");
            args.add(schema.schema);
        }
        for (Object[] o : new Object[][] {{"--data", data}, {"--model-a", modelA}, {"--model-b", modelB}}) {
            if (o[1] != null) {
                LayoutLensCli.requireFolder((Path) o[1]);
                args.add((String) o[0]);
                args.add(o[1].toString());
            }
        }
        LayoutLensApp.launchApp(args.toArray(new String[0]));
        return 0;
    }
}
