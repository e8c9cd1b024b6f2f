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
        Path data = initialFolder(getParameters().getRaw());
        if (data != null) {
            view.open(data);
        }
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
