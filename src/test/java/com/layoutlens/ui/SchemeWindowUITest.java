package com.layoutlens.ui;

import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A window over a BIO schema runs the plain demo model on real receipts: gold and predictions in BIO, scored. */
@ExtendWith(ApplicationExtension.class)
class SchemeWindowUITest {

    @TempDir
    Path tmp;

    private MainView view;

    @Start
    void start(Stage stage) throws Exception {
        view = new MainView(LabelSet.resolve("sroie-bio"));
        stage.setScene(view.scene(1200, 800));
        stage.show();
    }

    @Test
    void thePlainDemoModelRunsInABioWindow(FxRobot robot) throws Exception {
        Path data = TestData.copy(tmp.resolve("data"), "002", "003");
        robot.interact(() -> view.open(data));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.table().getItems().size() == 2);
        robot.interact(() -> view.runModel(Path.of("models/demo-layoutlm"), Slot.A));
        robot.interact(() -> view.tabs().getSelectionModel().select(1));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> {
            var r = view.evaluationViewModel().resultsProperty().get();
            return r != null && r.a() != null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.datasetViewModel().problems().stream().noneMatch(p -> p.isError()),
                view.datasetViewModel().problems().toString());
        var a = view.datasetViewModel().modelAProperty().get();
        LabelSet bio = LabelSet.resolve("sroie-bio");
        boolean begins = false;
        for (var rows : a.rows().values()) {
            for (LabelRow r : rows) {
                assertTrue(bio.tagIndex(r.label()) >= 0, r.label());
                begins |= r.label().startsWith("B-");
            }
        }
        assertTrue(begins, "the model's entities begin with B-");
        assertTrue(view.receiptViewModel().goldRows().stream().anyMatch(r -> r.label().startsWith("B-")),
                "gold aligned in the window's scheme");
        var eval = view.evaluationViewModel().resultsProperty().get().a();
        assertTrue(eval.entityMicro().tp() > 0, "entities found: " + eval.entityMicro());
    }
}
