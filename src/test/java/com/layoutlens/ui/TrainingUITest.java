package com.layoutlens.ui;

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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ApplicationExtension.class)
class TrainingUITest {

    @TempDir
    Path tmp;

    private MainView view;

    @Start
    void start(Stage stage) {
        view = new MainView();
        stage.setScene(view.scene(1200, 800));
        stage.show();
    }

    @Test
    void aShortRunTrainsInTheBackgroundAndItsModelCanBePickedAsA(FxRobot robot) throws Exception {
        Path data = tmp.resolve("data");
        for (String sub : new String[] {"img", "box", "key", "labels"}) {
            Files.createDirectories(data.resolve(sub));
        }
        for (int i = 1; i <= 10; i++) {
            String id = String.format("sample-%03d", i);
            Files.copy(Path.of("sample-receipts/img/" + id + ".jpg"), data.resolve("img/" + id + ".jpg"));
            Files.copy(Path.of("sample-receipts/box/" + id + ".csv"), data.resolve("box/" + id + ".csv"));
            Files.copy(Path.of("sample-receipts/key/" + id + ".json"), data.resolve("key/" + id + ".json"));
            Files.copy(Path.of("sample-receipts/labels/" + id + ".csv"), data.resolve("labels/" + id + ".csv"));
        }
        robot.interact(() -> view.open(data));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.table().getItems().size() == 10);
        robot.interact(() -> {
            view.tabs().getSelectionModel().select(3);
            view.training().stepsField().setText("6");
            view.training().outField().setText(tmp.resolve("run").toString());
        });
        robot.clickOn("#train-run");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> view.training().jobProperty().get() != null);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.training().deviceLabel().getText().equals("Device: cpu"));
        // the app stays usable while the job runs
        robot.interact(() -> view.tabs().getSelectionModel().select(0));
        robot.interact(() -> view.table().getSelectionModel().select(3));
        assertEquals("sample-004", view.receiptViewModel().receiptProperty().get().id());
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> view.training().resultProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        var result = view.training().resultProperty().get();
        assertEquals(6, result.steps());
        assertFalse(result.cancelled());
        assertTrue(Files.isRegularFile(result.bestModel().resolve("model.safetensors")));
        assertFalse(view.training().lossSeries().getData().isEmpty(), "the loss chart has points");
        robot.interact(() -> view.tabs().getSelectionModel().select(3));
        robot.clickOn("#train-use-a");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> view.datasetViewModel().modelAProperty().get() != null);
        assertEquals(10, view.datasetViewModel().modelAProperty().get().rows().size());
    }

    @Test
    void aReceiptLeftOutOfTrainingIsListedInProblems(FxRobot robot) throws Exception {
        Path data = tmp.resolve("data");
        for (String sub : new String[] {"img", "box", "key", "labels"}) {
            Files.createDirectories(data.resolve(sub));
        }
        for (int i = 1; i <= 6; i++) {
            String id = String.format("sample-%03d", i);
            Files.copy(Path.of("sample-receipts/img/" + id + ".jpg"), data.resolve("img/" + id + ".jpg"));
            Files.copy(Path.of("sample-receipts/box/" + id + ".csv"), data.resolve("box/" + id + ".csv"));
            Files.copy(Path.of("sample-receipts/key/" + id + ".json"), data.resolve("key/" + id + ".json"));
            Files.copy(Path.of("sample-receipts/labels/" + id + ".csv"), data.resolve("labels/" + id + ".csv"));
        }
        Path broken = data.resolve("labels/sample-005.csv");
        Files.writeString(broken, Files.readString(broken).replaceFirst("\r\n0,0,([^\r]*),COMPANY,", "\r\n0,0,$1,COMPANI,"));
        robot.interact(() -> view.open(data));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.table().getItems().size() == 6);
        robot.interact(() -> {
            view.tabs().getSelectionModel().select(3);
            view.training().stepsField().setText("1");
            view.training().outField().setText(tmp.resolve("run").toString());
        });
        robot.clickOn("#train-run");
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> view.training().resultProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.datasetViewModel().problems().stream().anyMatch(p -> p.message().startsWith("Training: ")
                && p.message().contains(broken.toString()) && p.message().contains("left out of training and dev")),
                view.datasetViewModel().problems().toString());
    }

    @Test
    void theSplitSwitchSetsTheRunsTotalSegments(FxRobot robot) {
        robot.interact(() -> view.tabs().getSelectionModel().select(3));
        TrainingViewModel vm = view.training().viewModel();
        assertFalse(vm.totalSegmentsProperty().get());
        robot.clickOn("#train-total-segments");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(vm.totalSegmentsProperty().get());
        robot.clickOn("#train-total-segments");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(vm.totalSegmentsProperty().get());
    }
}
