package com.layoutlens.ui;

import javafx.application.Application;
import javafx.stage.Stage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The desktop app. Started without arguments it opens the bundled {@code sample-receipts}
 * folder when there is one in the working directory; {@code --data DIR} opens another.
 */
public final class LayoutLensApp extends Application {

    private MainView view;

    /** Launches the app (blocks until it is closed). */
    public static void launchApp(String... args) {
        Application.launch(LayoutLensApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        List<String> raw = getParameters().getRaw();
        Path data = initialFolder(raw);
        List<Path> models = data == null ? List.of() : initialModels(raw);
        com.layoutlens.data.LabelSet schema;
        String schemaProblem = null;
        try {
            schema = AppSchema.choose(option(raw, "--schema"), data, models.isEmpty() ? null : models.get(0));
        } catch (java.io.IOException e) {
            schema = com.layoutlens.data.LabelSet.sroie();
            schemaProblem = e.getMessage();
        }
        show(stage, schema);
        if (schemaProblem != null) {
            System.err.println("warning: " + schemaProblem + "; the app uses the schema sroie");
        }
        if (data != null) {
            view.open(data, () -> {
                if (!models.isEmpty()) {
                    view.runModel(models.get(0), Slot.A);
                }
                if (models.size() > 1) {
                    view.runModel(models.get(1), Slot.B);
                }
            });
        }
    }

    /** A window over a schema, replacing the one before (File > Schema, or a folder with another schema). */
    private void show(Stage stage, com.layoutlens.data.LabelSet schema) {
        if (view != null) {
            view.shutdown();
        }
        view = new MainView(schema);
        view.onSchemaChange((dir, s) -> {
            SchemaChoice.ModelRun run = view.pendingModelRun();
            show(stage, s);
            view.open(dir, run == null ? null : () -> view.runModel(run.model(), run.slot()));
        });
        stage.setTitle("LayoutLens (schema " + schema.name() + ")");
        stage.setScene(view.scene(1400, 900));
        stage.show();
    }

    /** --model-a / --model-b, else two model folders under ./models (see {@link #initialModels(List, Path)}). */
    static List<Path> initialModels(List<String> args) {
        return initialModels(args, Path.of("models"));
    }

    /**
     * --model-a / --model-b, else two model folders under {@code models}: the committed demo
     * models first ({@code demo-*}, sorted, so the tiny LayoutLM is A and the tiny LayoutLMv2
     * is B on a fresh clone), then any other folder there, sorted. Folders without a
     * {@code config.json} are not models.
     */
    static List<Path> initialModels(List<String> args, Path models) {
        Path a = null;
        Path b = null;
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals("--model-a")) {
                a = Path.of(args.get(i + 1));
            } else if (args.get(i).equals("--model-b")) {
                b = Path.of(args.get(i + 1));
            }
        }
        List<Path> out = new java.util.ArrayList<>();
        if (a != null || b != null) {
            if (a != null) {
                out.add(a);
            }
            if (b != null) {
                out.add(b);
            }
            return out;
        }
        if (Files.isDirectory(models)) {
            try (var s = Files.list(models)) {
                s.filter(p -> Files.isRegularFile(p.resolve("config.json")))
                        .sorted(java.util.Comparator.comparing((Path p) -> !p.getFileName().toString().startsWith("demo-"))
                                .thenComparing(p -> p.getFileName().toString()))
                        .limit(2).forEach(out::add);
            } catch (java.io.IOException ignored) {
                // no demo models: the app starts without predictions
            }
        }
        return out;
    }

    /** The value after {@code name} in the arguments, or null. */
    static String option(List<String> args, String name) {
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals(name)) {
                return args.get(i + 1);
            }
        }
        return null;
    }

    static Path initialFolder(List<String> args) {
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals("--data")) {
                return Path.of(args.get(i + 1));
            }
        }
        Path samples = Path.of("sample-receipts");
        return Files.isDirectory(samples.resolve("box")) ? samples : null;
    }

    @Override
    public void stop() {
        if (view != null) {
            view.shutdown();
        }
    }
}
