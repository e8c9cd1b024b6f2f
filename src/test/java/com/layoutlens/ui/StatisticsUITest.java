package com.layoutlens.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.cli.CliRun;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
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

/** The Statistics tab measures the report's hypotheses as {@code stats} does and draws the bold-TOTAL histogram. */
@ExtendWith(ApplicationExtension.class)
class StatisticsUITest {

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
    void hypothesesAndHistogramAsStatsGivesThem(FxRobot robot) throws Exception {
        Path data = TestData.copy(tmp.resolve("data"), "002", "017", "019", "022");
        robot.interact(() -> view.open(data));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.receiptViewModel().receiptProperty().get() != null);
        robot.interact(() -> view.tabs().getSelectionModel().select(5));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> view.statisticsView().viewModel().hypothesesProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();

        JsonNode stats = new ObjectMapper().readTree(CliRun.of("stats", "--data", data.toString(), "--json").out());
        JsonNode bold = stats.get("hypotheses").get("bold_total");
        String text = ((Label) view.tabs().getScene().lookup("#hypothesis-bold")).getText();
        assertTrue(text.contains(bold.get("receipts_total_bolder_than_median_word").asText() + " of "
                + bold.get("receipts_with_total").asText() + " receipts"), text + " vs " + bold);
        String keyword = ((Label) view.tabs().getScene().lookup("#hypothesis-keyword")).getText();
        JsonNode tk = stats.get("hypotheses").get("total_keyword");
        assertTrue(keyword.contains(tk.get("values_satisfied").asText() + " of " + tk.get("values_total").asText()),
                keyword + " vs " + tk);
        assertTrue(((Label) view.tabs().getScene().lookup("#hypothesis-company")).getText().contains("company-top"));

        var series = view.statisticsView().histogram().getData();
        assertEquals(2, series.size());
        for (XYChart.Series<String, Number> s : series) {
            double sum = s.getData().stream().mapToDouble(d -> d.getYValue().doubleValue()).sum();
            assertEquals(100.0, sum, 1e-6, s.getName());
        }
        // the TOTAL series counts one value per receipt with a measured TOTAL
        assertTrue(series.get(0).getName().contains("(" + bold.get("receipts_with_total").asText() + ")"),
                series.get(0).getName());
    }
}
