package com.layoutlens.ui;

import com.layoutlens.data.Problem;
import com.layoutlens.model.layoutlm.Fixtures;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ApplicationExtension.class)
class ModelRunUITest {

    @TempDir
    Path tmp;

    private MainView view;

    @Start
    void start(Stage stage) {
        view = new MainView();
        stage.setScene(view.scene(1200, 800));
        stage.show();
    }

    private Path samples() throws Exception {
        Path dir = tmp.resolve("data");
        for (String sub : new String[] {"img", "box", "key"}) {
            Files.createDirectories(dir.resolve(sub));
        }
        for (String id : new String[] {"sample-001", "sample-002"}) {
            Files.copy(Path.of("sample-receipts/img/" + id + ".jpg"), dir.resolve("img/" + id + ".jpg"));
            Files.copy(Path.of("sample-receipts/box/" + id + ".csv"), dir.resolve("box/" + id + ".csv"));
            Files.copy(Path.of("sample-receipts/key/" + id + ".json"), dir.resolve("key/" + id + ".json"));
        }
        return dir;
    }

    @Test
    void aModelRunsInTheBackgroundAndItsPredictionsAreShown(FxRobot robot) throws Exception {
        robot.interact(() -> view.open(tmpSamples()));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.table().getItems().size() == 2);
        robot.interact(() -> view.runModel(Fixtures.folder("tiny-a"), Slot.A));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> view.datasetViewModel().modelAProperty().get() != null
                && view.table().getItems().get(0).errorsAProperty().get() >= 0);
        WaitForAsyncUtils.waitForFxEvents();
        var a = view.datasetViewModel().modelAProperty().get();
        assertEquals(2, a.rows().size());
        assertTrue(a.name().contains("tiny-a") && a.name().contains("cpu"), a.name());
        assertTrue(view.receiptViewModel().predictionProperty().get() != null, "the open receipt shows the prediction");
        assertTrue(view.statusBar().getText().contains("on cpu"), view.statusBar().getText());
        // the model-input tab shows how model A reads the open receipt
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.diagnostics().reportProperty().get() != null);
        var rep = view.diagnostics().reportProperty().get();
        assertEquals(view.receiptViewModel().goldRows().size(), rep.words().size());
        assertTrue(rep.windows() >= 1);
    }

    @Test
    void aCorruptModelShowsAnErrorAndTheAppKeepsWorking(FxRobot robot) throws Exception {
        robot.interact(() -> view.open(tmpSamples()));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.table().getItems().size() == 2);
        Path broken = Files.createDirectories(tmp.resolve("broken-model"));
        Files.copy(Fixtures.folder("tiny-a").resolve("config.json"), broken.resolve("config.json"));
        Files.copy(Fixtures.folder("tiny-a").resolve("vocab.txt"), broken.resolve("vocab.txt"));
        byte[] weights = Files.readAllBytes(Fixtures.folder("tiny-a").resolve("model.safetensors"));
        Files.write(broken.resolve("model.safetensors"), java.util.Arrays.copyOf(weights, weights.length / 2));
        robot.interact(() -> view.runModel(broken, Slot.A));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> view.datasetViewModel().problems().stream()
                .anyMatch(p -> p.file().equals("(app)")));
        WaitForAsyncUtils.waitForFxEvents();
        Problem p = view.datasetViewModel().problems().stream().filter(x -> x.file().equals("(app)")).findFirst().get();
        assertTrue(p.message().contains("model.safetensors"), p.message());
        assertNull(view.datasetViewModel().modelAProperty().get());
        // still usable
        robot.interact(() -> view.table().getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("sample-002", view.receiptViewModel().receiptProperty().get().id());
    }

    @Test
    void runsOfAAndBStartedTogetherEachKeepTheirOwnProgressAndDevice(FxRobot robot) throws Exception {
        robot.interact(() -> view.open(tmpSamples()));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.table().getItems().size() == 2);
        java.util.List<String> seenA = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<String> seenB = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<String> ids = new java.util.ArrayList<>();
        robot.interact(() -> {
            view.runModel(Fixtures.folder("tiny-a"), Slot.A);
            view.runModel(Fixtures.folder("tiny-b"), Slot.B);
            for (javafx.scene.Node n : view.statusBar().getRightItems()) {
                ids.add(n.getId());
            }
            ((javafx.scene.control.Label) view.statusBar().getScene().lookup("#run-A-text")).textProperty()
                    .addListener((o, a, b) -> seenA.add(b));
            ((javafx.scene.control.Label) view.statusBar().getScene().lookup("#run-B-text")).textProperty()
                    .addListener((o, a, b) -> seenB.add(b));
        });
        // both runs are on screen at once, each with its own line, bar and Cancel
        assertTrue(ids.contains("run-A") && ids.contains("run-B"), ids.toString());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> view.datasetViewModel().modelAProperty().get() != null
                && view.datasetViewModel().modelBProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.statusBar().getRightItems().stream().noneMatch(n -> n.getId() != null
                && n.getId().startsWith("run-")), "finished runs leave the status bar");
        assertTrue(seenA.stream().anyMatch(t -> t.startsWith("A: tiny-a") && t.contains("on cpu")), seenA.toString());
        assertTrue(seenB.stream().anyMatch(t -> t.startsWith("B: tiny-b") && t.contains("on cpu")), seenB.toString());
        assertTrue(view.datasetViewModel().modelBProperty().get().name().contains("(cpu)"));
    }

    /** Any two of the three committed demo models side by side: LayoutLMv3 as A (its patch grid in the Model input tab), LayoutLMv2 as B. */
    @Test
    void theLayoutLMv3AndLayoutLMv2DemosRunSideBySide(FxRobot robot) throws Exception {
        robot.interact(() -> view.open(tmpSamples()));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.table().getItems().size() == 2);
        robot.interact(() -> {
            view.runModel(Path.of("models/demo-layoutlmv3"), Slot.A);
            view.runModel(Path.of("models/demo-layoutlmv2"), Slot.B);
        });
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> view.datasetViewModel().modelAProperty().get() != null
                && view.datasetViewModel().modelBProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        var a = view.datasetViewModel().modelAProperty().get();
        var b = view.datasetViewModel().modelBProperty().get();
        assertTrue(a.name().contains("demo-layoutlmv3"), a.name());
        assertTrue(b.name().contains("demo-layoutlmv2"), b.name());
        assertEquals(2, a.rows().size());
        assertEquals(2, b.rows().size());
        assertTrue(view.datasetViewModel().problems().stream().noneMatch(p -> p.file().equals("(app)")),
                view.datasetViewModel().problems().toString());
        // the Model input tab shows model A's page as LayoutLMv3 reads it: 224 / 16 = 14 patches a side
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.diagnostics().gridProperty().get() != null
                && view.diagnostics().gridProperty().get().cells() == 14);
        assertEquals(224, view.diagnostics().gridProperty().get().side());
    }

    private Path tmpSamples() {
        try {
            return samples();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
