package com.layoutlens.ui;

import com.layoutlens.data.Receipt;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.family.ModelFamily;
import com.layoutlens.model.family.PageGrid;
import com.layoutlens.model.registry.ModelFamilies;
import com.layoutlens.model.encode.InputDiagnostics;
import com.layoutlens.model.encode.WordTokenizer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Input diagnostics: how the model in use sees the receipt on screen — each word's
 * sub-tokens, its 0..1000 box, the window its prediction is read from and the windows that
 * cover it, and the words a single 512-token input would have cut off.
 */
final class DiagnosticsView {

    private final BorderPane root = new BorderPane();
    private final Label summary = new Label("Run a model (Models menu) to see how it reads this receipt.");
    private final TableView<InputDiagnostics.WordInput> table = new TableView<>();
    private final ObjectProperty<Path> modelFolder = new SimpleObjectProperty<>();
    private final ObjectProperty<Receipt> receipt = new SimpleObjectProperty<>();
    private final ObjectProperty<InputDiagnostics.Report> report = new SimpleObjectProperty<>();
    private final Map<Path, WordTokenizer> tokenizers = new HashMap<>();
    private final Background background;
    private final javafx.scene.canvas.Canvas visual = new javafx.scene.canvas.Canvas(2 * 224 + 2, 2 * 224 + 2);
    private final Label visualCaption = new Label();

    DiagnosticsView(Background background) {
        this.background = background;
        summary.setId("diagnostics-summary");
        summary.setWrapText(true);
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
        visualCaption.setText(grid.caption());
        VBox right = new VBox(6, visual, visualCaption);
        right.setPadding(new Insets(8));
        root.setRight(right);
        modelFolder.addListener(o -> refresh());
        modelFolder.addListener((o, a, folder) -> {
            grid = pageGrid(folder);
            drawVisual(receipt.get());
        });
        receipt.addListener(o -> refresh());
        receipt.addListener((o, a, r) -> drawVisual(r));
        report.addListener((o, a, r) -> {
            table.getItems().setAll(r == null ? java.util.List.of() : r.words());
        });
    }

    private static TableColumn<InputDiagnostics.WordInput, String> col(String name, double width,
                                                                      Function<InputDiagnostics.WordInput, String> f) {
        TableColumn<InputDiagnostics.WordInput, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
        return c;
    }

    private void refresh() {
        Path folder = modelFolder.get();
        Receipt r = receipt.get();
        if (folder == null || r == null) {
            report.set(null);
            return;
        }
        Task<InputDiagnostics.Report> t = new Task<>() {
            @Override
            protected InputDiagnostics.Report call() throws ModelFolderException {
                WordTokenizer tok;
                synchronized (tokenizers) {
                    tok = tokenizers.get(folder);
                    if (tok == null) {
                        tok = WordTokenizer.load(folder);
                        tokenizers.put(folder, tok);
                    }
                }
                return InputDiagnostics.of(r, tok, InputDiagnostics.maxLength(folder));
            }
        };
        t.setOnSucceeded(e -> {
            if (r != receipt.get() || folder != modelFolder.get()) {
                return; // a newer request is on its way
            }
            InputDiagnostics.Report rep = t.getValue();
            report.set(rep);
            summary.setText(String.format("%s read by %s: %d words, %d sub-tokens, %d window(s) of %d tokens with a "
                            + "stride of %d. A single %d-token input would cut off %d word(s) (highlighted).",
                    r.id(), folder.getFileName(), rep.words().size(), rep.tokens(), rep.windows(), rep.maxLength(),
                    rep.stride(), rep.maxLength(), rep.truncatedWords()));
        });
        background.run(t);
    }

    /** Without a model: LayoutLMv2's page and grid. */
    private static final PageGrid DEFAULT_GRID = new PageGrid(224, 7, "The page as LayoutLMv2's visual branch sees "
            + "it: resized to 224 x 224 and cut into the 7 x 7 grid of visual tokens.");

    /** How the chosen model's family cuts the page (the registry says); null for a model that reads none. */
    private PageGrid grid = DEFAULT_GRID;

    private static PageGrid pageGrid(Path folder) {
        if (folder == null) {
            return DEFAULT_GRID;
        }
        try {
            ModelFamily f = ModelFamilies.of(folder);
            return f.pageGrid(f.readConfig(folder));
        } catch (ModelFolderException | RuntimeException e) {
            return DEFAULT_GRID;
        }
    }

    /** Draws the page as the model's visual branch reads it (shown at 448 pixels) with its token grid. */
    private void drawVisual(Receipt r) {
        var g = visual.getGraphicsContext2D();
        g.setFill(javafx.scene.paint.Color.web("#eeeeee"));
        g.fillRect(0, 0, visual.getWidth(), visual.getHeight());
        PageGrid pg = grid;
        visualCaption.setText(pg == null ? "This model reads no page image." : pg.caption());
        if (r == null || r.image() == null || pg == null) {
            return;
        }
        Task<float[]> t = new Task<>() {
            @Override
            protected float[] call() throws java.io.IOException {
                return com.layoutlens.model.encode.PageImage.read(r.image(), pg.side());
            }
        };
        t.setOnSucceeded(e -> {
            if (r != receipt.get() || pg != grid) {
                return;
            }
            int n = pg.side();
            float[] bgr = t.getValue();
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
            double shown = 2 * 224;
            g.drawImage(img, 1, 1, shown, shown);
            g.setStroke(javafx.scene.paint.Color.web("#00bcd4", 0.8));
            g.setLineWidth(1);
            for (int k = 0; k <= pg.cells(); k++) {
                double p = 1 + Math.floor(shown * k / pg.cells());
                g.strokeLine(p, 1, p, shown + 1);
                g.strokeLine(1, p, shown + 1, p);
            }
        });
        background.run(t);
    }

    private static int clamp(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }

    Node node() {
        return root;
    }

    ObjectProperty<Path> modelFolderProperty() {
        return modelFolder;
    }

    ObjectProperty<Receipt> receiptProperty() {
        return receipt;
    }

    ObjectProperty<InputDiagnostics.Report> reportProperty() {
        return report;
    }
}
