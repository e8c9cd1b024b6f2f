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
        view = new MainView();
        stage.setTitle("LayoutLens");
        stage.setScene(view.scene(1400, 900));
        stage.show();
        List<String> raw = getParameters().getRaw();
        Path data = initialFolder(raw);
        if (data != null) {
            List<Path> models = initialModels(raw);
            view.open(data, () -> {
                if (!models.isEmpty()) {
                    view.runModel(models.get(0), "A");
                }
                if (models.size() > 1) {
                    view.runModel(models.get(1), "B");
                }
            });
        }
    }

    /** --model-a / --model-b, else the first two model folders under ./models (the demo models). */
    static List<Path> initialModels(List<String> args) {
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
        Path models = Path.of("models");
        if (Files.isDirectory(models)) {
            try (var s = Files.list(models)) {
                s.filter(p -> Files.isRegularFile(p.resolve("config.json"))).sorted().limit(2).forEach(out::add);
            } catch (java.io.IOException ignored) {
                // no demo models: the app starts without predictions
            }
        }
        return out;
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
