package com.layoutlens.ui;

import com.layoutlens.data.BoldTotal;
import com.layoutlens.service.Hypotheses;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The statistics screen: the report's three hypotheses measured on the open folder's gold
 * labels, side by side (bold TOTAL, TOTAL after a keyword, COMPANY in the first lines), with
 * the histogram of stroke weight relative to the receipt's median word for TOTAL values and for
 * the other numbers.
 */
final class StatisticsView implements StudioTab {

    private final StatisticsViewModel vm;
    private final VBox root = new VBox(10);
    private final Label bold = new Label();
    private final Label percentiles = new Label();
    private final Label keyword = new Label();
    private final Label company = new Label();
    private final Label state = new Label("Open a receipt folder to measure the hypotheses on its gold labels.");
    private final BarChart<String, Number> histogram;

    StatisticsView(StatisticsViewModel vm) {
        this.vm = vm;
        CategoryAxis x = new CategoryAxis();
        x.setLabel("stroke weight / median word weight of the receipt");
        NumberAxis y = new NumberAxis();
        y.setLabel("share (%)");
        histogram = new BarChart<>(x, y);
        histogram.setId("bold-histogram");
        histogram.setTitle("Bold TOTAL: relative stroke weight");
        histogram.setAnimated(false);
        histogram.setPrefHeight(340);
        bold.setId("hypothesis-bold");
        percentiles.setId("hypothesis-bold-percentiles");
        keyword.setId("hypothesis-keyword");
        company.setId("hypothesis-company");
        state.setId("statistics-state");
        for (Label l : List.of(bold, percentiles, keyword, company, state)) {
            l.setWrapText(true);
        }
        Button again = new Button("Measure again");
        again.setId("measure-hypotheses");
        again.setOnAction(e -> vm.measure());
        again.disableProperty().bind(vm.measuringProperty());
        Label title = new Label("Hypotheses of the report, on the gold labels");
        title.setStyle("-fx-font-weight: bold; -fx-font-size: 14;");
        Label measure = new Label("Stroke weight: mean stroke width in a word box, 2 \u00d7 ink pixels / ink perimeter, "
                + "ink = grey at most the page's Otsu threshold; compared with the median word of the same receipt. "
                + "'stats' prints the same figures.");
        measure.setWrapText(true);
        measure.setStyle("-fx-text-fill: #666; -fx-font-size: 11;");
        VBox content = new VBox(10, new HBox(10, title, again), state, bold, percentiles, histogram, keyword, company,
                measure);
        content.setPadding(new Insets(12));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        root.getChildren().add(scroll);
        vm.hypothesesProperty().addListener((o, a, h) -> show(h));
        vm.measuringProperty().addListener((o, a, m) -> {
            if (m) {
                state.setText("Measuring: reading every scan...");
            }
        });
        show(vm.hypothesesProperty().get());
    }

    @Override
    public String id() {
        return "statistics";
    }

    @Override
    public String title() {
        return "Statistics";
    }

    @Override
    public KeyCodeCombination shortcut() {
        return new KeyCodeCombination(KeyCode.DIGIT6, KeyCombination.SHORTCUT_DOWN);
    }

    @Override
    public String help() {
        return "Statistics tab: the report's hypotheses measured on the gold labels";
    }

    @Override
    public Node node() {
        return root;
    }

    @Override
    public StatisticsViewModel viewModel() {
        return vm;
    }

    @Override
    public void onShown() {
        vm.measureIfNeeded();
    }

    private void show(Hypotheses h) {
        histogram.getData().clear();
        if (h == null) {
            for (Label l : List.of(bold, percentiles, keyword, company)) {
                l.setText("");
            }
            if (!vm.measuringProperty().get()) {
                state.setText("Open a receipt folder to measure the hypotheses on its gold labels.");
            }
            return;
        }
        Map<String, Object> b = h.bold().toMap();
        state.setText(b.get("receipts_measured") + " receipts measured");
        bold.setText(String.format(Locale.ROOT, "Bold TOTAL: the TOTAL value is bolder than the median word of its receipt"
                        + " on %s of %s receipts (%.1f%%), bolder than the median other number on %s of %s (%.1f%%);"
                        + " for comparison, %.1f%% of the other numbers are bolder than their receipt's median word.",
                b.get("receipts_total_bolder_than_median_word"), b.get("receipts_with_total"),
                100 * (double) b.get("share_total_bolder_than_median_word"), b.get("receipts_total_bolder_than_median_number"),
                b.get("receipts_total_and_other_numbers"), 100 * (double) b.get("share_total_bolder_than_median_number"),
                100 * (double) b.get("share_other_numbers_bolder_than_median_word")));
        percentiles.setText("Relative weight percentiles (10, 25, 50, 75, 90): TOTAL values " + values(b.get("total_relative_percentiles"))
                + "; other numbers " + values(b.get("other_numbers_relative_percentiles")));
        keyword.setText(support("TOTAL after a keyword", h.totalKeyword()));
        company.setText(support("COMPANY in the first lines", h.companyTop()));
        histogram.getData().add(series("TOTAL values", h.bold().totalRelative()));
        histogram.getData().add(series("other numbers", h.bold().otherRelative()));
    }

    private static String values(Object percentileMap) {
        StringBuilder sb = new StringBuilder();
        for (Object v : ((Map<?, ?>) percentileMap).values()) {
            sb.append(sb.length() == 0 ? "" : " / ").append(v == null ? "-" : v);
        }
        return sb.toString();
    }

    private static String support(String claim, Hypotheses.Support s) {
        return String.format(Locale.ROOT, "%s (%s): %d of %d %s values kept whole (%.1f%%), %d of %d words (%.1f%%).",
                claim, s.rule().spec(), s.support().valuesKept(), s.support().values(), s.rule().label(),
                100 * s.support().valueShare(), s.support().wordsKept(), s.support().words(), 100 * s.support().wordShare());
    }

    /** One histogram series as shares, so TOTAL values (one a receipt) and numbers (many) compare. */
    static XYChart.Series<String, Number> series(String name, double[] values) {
        long[] h = BoldTotal.histogram(values);
        List<String> bins = BoldTotal.binLabels();
        XYChart.Series<String, Number> s = new XYChart.Series<>();
        s.setName(name + " (" + values.length + ")");
        for (int i = 0; i < h.length; i++) {
            s.getData().add(new XYChart.Data<>(bins.get(i), values.length == 0 ? 0 : 100.0 * h[i] / values.length));
        }
        return s;
    }

    BarChart<String, Number> histogram() {
        return histogram;
    }
}
