package com.layoutlens.ui;

import com.layoutlens.model.hub.LoopbackHub;
import com.layoutlens.model.hub.ModelFolderInfo;
import javafx.scene.control.Button;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(ApplicationExtension.class)
class ModelsUITest {

    @TempDir
    Path tmp;

    private MainView view;

    @Start
    void start(Stage stage) {
        view = new MainView();
        stage.setScene(view.scene(1200, 800));
        stage.show();
    }

    @AfterEach
    void stop() {
        view.shutdown();
    }

    private void showModelsTab(FxRobot robot) {
        robot.interact(() -> view.models().downloadsProperty().set(tmp.resolve("downloads")));
        robot.clickOn("#receipts");
        robot.press(KeyCode.CONTROL).press(KeyCode.DIGIT5).release(KeyCode.DIGIT5).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("tab-models", view.tabs().getSelectionModel().getSelectedItem().getId());
    }

    private Optional<ModelFolderInfo> row(String name) {
        return view.models().table().getItems().stream()
                .filter(i -> i.folder().getFileName().toString().equals(name)).findFirst();
    }

    private void waitForRow(String name) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> row(name).isPresent());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theBundledDemoModelIsListedWithItsTypeAndLabels(FxRobot robot) throws Exception {
        showModelsTab(robot);
        waitForRow("demo-layoutlm");
        ModelFolderInfo demo = row("demo-layoutlm").get();
        assertTrue(demo.ok(), demo.error());
        assertEquals("LayoutLM", demo.type());
        assertEquals(List.of("O", "COMPANY", "DATE", "ADDRESS", "TOTAL"), demo.labels());
        assertTrue(demo.parameters() > 0);
        // the table shows the same, as text
        var table = view.models().table();
        int r = table.getItems().indexOf(demo);
        assertEquals("LayoutLM", table.getColumns().get(1).getCellData(r));
        assertEquals("O COMPANY DATE ADDRESS TOTAL", table.getColumns().get(4).getCellData(r));
        assertTrue(String.valueOf(table.getColumns().get(6).getCellData(r)).contains("model.safetensors"));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.models().deviceInfo().getText()
                .startsWith("Model runs and training use: " + com.layoutlens.model.Devices.describe("auto")));
        // and the shortcut is in the help
        robot.press(KeyCode.F1).release(KeyCode.F1);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.helpOverlay().isVisible());
        assertTrue(view.helpOverlay().lookupAll(".label").stream()
                .anyMatch(n -> "Ctrl+5".equals(((javafx.scene.control.Label) n).getText())),
                "Ctrl+5 is listed in the shortcuts help");
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
    }

    @Test
    void aBrokenFolderIsARowWithItsProblemBesideAGoodOne(FxRobot robot) throws Exception {
        Path mine = tmp.resolve("mine");
        copy(LoopbackHub.fixture("tiny-a"), mine.resolve("good"));
        Path bad = copy(LoopbackHub.fixture("tiny-a"), mine.resolve("bad"));
        Files.writeString(bad.resolve("config.json"), "{not json");
        showModelsTab(robot);
        robot.interact(() -> view.models().addFolder(mine));
        waitForRow("bad");
        waitForRow("good");
        ModelFolderInfo b = row("bad").get();
        assertFalse(b.ok());
        var table = view.models().table();
        String problem = String.valueOf(table.getColumns().get(7).getCellData(table.getItems().indexOf(b)));
        assertTrue(problem.startsWith("config.json: "), problem);
        assertTrue(row("good").get().ok());
        // a broken model cannot be run
        robot.interact(() -> table.getSelectionModel().select(b));
        assertTrue(robot.lookup("#models-run-a").queryAs(Button.class).isDisabled());
        robot.interact(() -> table.getSelectionModel().select(row("good").get()));
        assertFalse(robot.lookup("#models-run-a").queryAs(Button.class).isDisabled());
    }

    @Test
    void aPytorchFolderIsConvertedToSafetensorsInTheBackground(FxRobot robot) throws Exception {
        Path mine = tmp.resolve("mine");
        Path bin = Files.createDirectories(mine.resolve("bin-model"));
        Files.copy(Path.of(getClass().getResource("/checkpoints/tiny.bin").toURI()), bin.resolve("pytorch_model.bin"));
        Files.writeString(bin.resolve("config.json"), "{\"model_type\": \"layoutlm\", \"id2label\": {\"0\": \"O\"}}");
        showModelsTab(robot);
        robot.interact(() -> view.models().addFolder(mine));
        waitForRow("bin-model");
        assertTrue(row("bin-model").get().convertible());
        robot.interact(() -> view.models().table().getSelectionModel().select(row("bin-model").get()));
        robot.clickOn("#models-convert");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> row("bin-model").map(i -> i.files()
                .contains("model.safetensors")).orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(Files.isRegularFile(bin.resolve("model.safetensors")));
        assertTrue(Files.isRegularFile(bin.resolve("pytorch_model.bin")), "the original is kept");
        assertFalse(row("bin-model").get().convertible());
        assertTrue(view.models().message().getText().startsWith("Wrote "), view.models().message().getText());
        assertEquals(row("bin-model").get(), view.models().table().getSelectionModel().getSelectedItem(),
                "the converted folder stays selected");
    }

    @Test
    void aDownloadShowsProgressCanBeCancelledResumesAndTheFolderAppears(FxRobot robot) throws Exception {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            hub.listSizes = true;
            hub.stallFile = "model.safetensors";
            hub.cutAfter = 200_000;
            showModelsTab(robot);
            robot.interact(() -> {
                view.models().endpointField().setText(hub.endpoint());
                view.models().hubIdField().setText(LoopbackHub.ID);
            });
            robot.clickOn("#download-start");
            // the transfer goes silent after 200 kB: the bar and the line show where it stands
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.models().downloadProgress().getProgress() > 0
                    && view.models().downloadStatus().getText().startsWith("model.safetensors:"));
            WaitForAsyncUtils.waitForFxEvents();
            double shown = view.models().downloadProgress().getProgress();
            assertTrue(shown > 0 && shown < 1, "partial progress " + shown);
            assertTrue(view.models().downloadStatus().getText().contains("/s"), view.models().downloadStatus().getText());
            robot.clickOn("#download-cancel");
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.models().downloadProperty().get() == null);
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(view.models().downloadStatus().getText().startsWith("Download cancelled"),
                    view.models().downloadStatus().getText());
            Path out = tmp.resolve("downloads").resolve("tiny-layoutlm");
            assertEquals(200_000, Files.size(out.resolve("model.safetensors.part")), "the partial file is kept");

            robot.clickOn("#download-start");
            waitForRow("tiny-layoutlm");
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.models().downloadProperty().get() == null);
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(List.of("-", "bytes=200000-"), hub.ranges, "the second run resumed the partial file");
            assertArrayEquals(hub.file("model.safetensors"), Files.readAllBytes(out.resolve("model.safetensors")));
            assertEquals(1.0, view.models().downloadProgress().getProgress());
            // the folder is listed again in the background once the download ends
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> row("tiny-layoutlm").map(ModelFolderInfo::ok).orElse(false)
                    && row("tiny-layoutlm").get().equals(view.models().table().getSelectionModel().getSelectedItem()));
            WaitForAsyncUtils.waitForFxEvents();
            ModelFolderInfo got = row("tiny-layoutlm").get();
            assertTrue(got.ok(), got.error());
            assertEquals("LayoutLM", got.type());
            assertTrue(got.origin().startsWith(LoopbackHub.ID), got.origin());
            assertEquals(got, view.models().table().getSelectionModel().getSelectedItem(),
                    "the new folder is selected");
        }
    }

    @Test
    void aDownloadWithoutNetworkSaysSoInTheTab(FxRobot robot) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        showModelsTab(robot);
        robot.interact(() -> {
            view.models().endpointField().setText("http://127.0.0.1:" + port);
            view.models().hubIdField().setText("acme/anything");
        });
        robot.clickOn("#download-start");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.models().downloadProperty().get() == null
                && view.models().downloadStatus().getText().startsWith("Download failed"));
        WaitForAsyncUtils.waitForFxEvents();
        String text = view.models().downloadStatus().getText();
        assertTrue(text.contains("cannot reach 127.0.0.1"), text);
        assertTrue(text.endsWith("set the Endpoint field to a mirror"), "advice in the app's words: " + text);
        assertFalse(Files.exists(tmp.resolve("downloads").resolve("anything")), "no folder for a failed listing");
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
        return to;
    }
}
