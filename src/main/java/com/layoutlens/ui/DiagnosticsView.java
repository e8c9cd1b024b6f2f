package com.layoutlens.ui;

import com.layoutlens.model.encode.InputDiagnostics;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Input diagnostics: how the model in use sees the receipt on screen — each word's
 * sub-tokens, its 0..1000 box, the window its prediction is read from and the windows that
 * cover it, and the words a single 512-token input would have cut off.
 */
final class DiagnosticsView implements StudioTab {

    private final DiagnosticsViewModel vm;
    private final BorderPane root = new BorderPane();
    private final Label summary = new Label();
    private final TableView<InputDiagnostics.WordInput> table = new TableView<>();
    private final javafx.scene.canvas.Canvas visual = new javafx.scene.canvas.Canvas(2 * 224 + 2, 2 * 224 + 2);
    private final Label visualCaption = new Label();

    DiagnosticsView(DiagnosticsViewModel vm) {
        this.vm = vm;
        summary.setId("diagnostics-summary");
        summary.setWrapText(true);
        summary.textProperty().bind(vm.summaryProperty());
        table.setId("diagnostics");
        table.setPlaceholder(new Label("No receipt or no model"));
        table.getColumns().add(col("#", 45, w -> String.valueOf(w.firstToken())));
        table.getColumns().add(col("Word", 130, w -> w.word().text()));
        table.getColumns().add(col("Sub-tokens", 220, w -> String.join(" ", w.pieces())));
        table.getColumns().add(col("Box 0..1000", 140, w -> w.box().x0() + "," + w.box().y0() + " " + w.box().x1()
                + "," + w.box().y1()));
        table.getColumns().add(col("Read from window", 110, w -> String.valueOf(w.window())));
        table.getColumns().add(col("Covered by", 90, w -> w.covering().stream().map(String::valueOf)
                .collect(Collectors.joining(", "))));
        table.getColumns().add(col("Cut by one 512 window", 140, w -> w.truncated() ? "yes" : ""));
        table.getColumns().add(col("Token type", 80, w -> w.tokenType() < 0 ? "" : String.valueOf(w.tokenType())));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(InputDiagnostics.WordInput w, boolean empty) {
                super.updateItem(w, empty);
                setStyle(!empty && w != null && w.truncated() ? "-fx-background-color: #fff3e0;" : "");
            }
        });
        VBox top = new VBox(6, summary);
        top.setPadding(new Insets(8));
        root.setTop(top);
        root.setCenter(table);
        visual.setId("diagnostics-visual");
        visualCaption.setWrapText(true);
        visualCaption.setMaxWidth(2 * 224 + 2);
        visualCaption.setText(vm.gridProperty().get().caption());
        VBox right = new VBox(6, visual, visualCaption);
        right.setPadding(new Insets(8));
        root.setRight(right);
        vm.reportProperty().addListener((o, a, r) -> table.getItems().setAll(r == null ? java.util.List.of() : r.words()));
        vm.pageProperty().addListener((o, a, bgr) -> drawVisual(bgr));
        vm.gridProperty().addListener((o, a, pg) -> visualCaption.setText(pg == null ? "This model reads no page image."
                : pg.caption()));
    }

    @Override
    public String id() {
        return "input";
    }

    @Override
    public String title() {
        return "Model input";
    }

    @Override
    public KeyCodeCombination shortcut() {
        return new KeyCodeCombination(KeyCode.DIGIT3, KeyCombination.SHORTCUT_DOWN);
    }

    @Override
    public String help() {
        return "Model input tab: how the model reads the receipt";
    }

    @Override
    public DiagnosticsViewModel viewModel() {
        return vm;
    }

    private static TableColumn<InputDiagnostics.WordInput, String> col(String name, double width,
                                                                      Function<InputDiagnostics.WordInput, String> f) {
        TableColumn<InputDiagnostics.WordInput, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
        return c;
    }

    /** Draws the page as the model's visual branch reads it (shown at 448 pixels) with its token grid. */
    private void drawVisual(float[] bgr) {
        var g = visual.getGraphicsContext2D();
        g.setFill(javafx.scene.paint.Color.web("#eeeeee"));
        g.fillRect(0, 0, visual.getWidth(), visual.getHeight());
        com.layoutlens.model.family.PageGrid pg = vm.gridProperty().get();
        if (bgr == null || pg == null || bgr.length != 3 * pg.side() * pg.side()) {
            return;
        }
        int n = pg.side();
        double shown = 2 * 224;
        javafx.scene.image.WritableImage img = new javafx.scene.image.WritableImage(n, n);
        var px = img.getPixelWriter();
        int plane = n * n;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int i = y * n + x;
                int b = clamp(bgr[i]);
                int gr = clamp(bgr[plane + i]);
                int rd = clamp(bgr[2 * plane + i]);
                px.setArgb(x, y, 0xff000000 | (rd << 16) | (gr << 8) | b);
            }
        }
        g.setImageSmoothing(false);
        g.drawImage(img, 1, 1, shown, shown);
        g.setStroke(javafx.scene.paint.Color.web("#00bcd4", 0.8));
        g.setLineWidth(1);
        for (int k = 0; k <= pg.cells(); k++) {
            double p = 1 + Math.floor(shown * k / pg.cells());
            g.strokeLine(p, 1, p, shown + 1);
            g.strokeLine(1, p, shown + 1, p);
        }
    }

    private static int clamp(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }

    @Override
    public Node node() {
        return root;
    }

    ObjectProperty<InputDiagnostics.Report> reportProperty() {
        return vm.reportProperty();
    }

    ObjectProperty<com.layoutlens.model.family.PageGrid> gridProperty() {
        return vm.gridProperty();
    }
}
