package com.layoutlens.ui;

import com.layoutlens.data.Receipt;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.encode.InputDiagnostics;
import com.layoutlens.model.encode.PageImage;
import com.layoutlens.model.family.ModelFamily;
import com.layoutlens.model.family.PageGrid;
import com.layoutlens.model.registry.ModelFamilies;
import com.layoutlens.model.encode.WordTokenizer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The Model input screen's state: for the receipt on screen and the model in use, the
 * report of how the model reads it (sub-tokens, boxes, windows, cut-off words), a summary
 * line, and the page as the visual branch sees it. Each is computed in the background; a
 * result for a receipt or model no longer shown is dropped.
 */
final class DiagnosticsViewModel {

    static final String NO_MODEL = "Run a model (Models menu) to see how it reads this receipt.";

    private final Executor background;
    private final Executor ui;
    private final ObjectProperty<Path> modelFolder = new SimpleObjectProperty<>();
    private final ObjectProperty<Receipt> receipt = new SimpleObjectProperty<>();
    private final ObjectProperty<InputDiagnostics.Report> report = new SimpleObjectProperty<>();
    private final StringProperty summary = new SimpleStringProperty(NO_MODEL);
    /** The page as the visual branch gets it: side x side of the grid, BGR planes; null while none. */
    private final ObjectProperty<float[]> page = new SimpleObjectProperty<>();
    private final Map<Path, WordTokenizer> tokenizers = new HashMap<>();
    /** How the chosen model's family cuts the page (the registry says); null for a model that reads none. */
    private final ObjectProperty<PageGrid> grid = new SimpleObjectProperty<>(DEFAULT_GRID);

    /** Without a model: LayoutLMv2's page and grid. */
    static final PageGrid DEFAULT_GRID = new PageGrid(224, 7, "The page as LayoutLMv2's visual branch sees it: "
            + "resized to 224 x 224 (shown twice as large) and cut into the 7 x 7 grid of visual tokens.");

    DiagnosticsViewModel(Executor background, Executor ui) {
        this.background = background;
        this.ui = ui;
        modelFolder.addListener(o -> refresh());
        receipt.addListener(o -> refresh());
        receipt.addListener((o, a, r) -> loadPage(r));
        modelFolder.addListener((o, a, folder) -> {
            grid.set(pageGrid(folder));
            loadPage(receipt.get());
        });
    }

    static PageGrid pageGrid(Path folder) {
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

    private void refresh() {
        Path folder = modelFolder.get();
        Receipt r = receipt.get();
        if (folder == null || r == null) {
            report.set(null);
            return;
        }
        background.execute(() -> {
            InputDiagnostics.Report rep;
            try {
                rep = InputDiagnostics.of(r, tokenizer(folder), InputDiagnostics.maxLength(folder),
                        com.layoutlens.model.encode.TotalSegments.ofFolder(folder));
            } catch (ModelFolderException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            ui.execute(() -> {
                if (r != receipt.get() || folder != modelFolder.get()) {
                    return; // a newer request is on its way
                }
                report.set(rep);
                summary.set(String.format("%s read by %s: %d words, %d sub-tokens, %d window(s) of %d tokens with a "
                                + "stride of %d. A single %d-token input would cut off %d word(s) (highlighted).",
                        r.id(), folder.getFileName(), rep.words().size(), rep.tokens(), rep.windows(), rep.maxLength(),
                        rep.stride(), rep.maxLength(), rep.truncatedWords()));
            });
        });
    }

    private WordTokenizer tokenizer(Path folder) throws ModelFolderException {
        synchronized (tokenizers) {
            WordTokenizer tok = tokenizers.get(folder);
            if (tok == null) {
                tok = WordTokenizer.load(folder);
                tokenizers.put(folder, tok);
            }
            return tok;
        }
    }

    private void loadPage(Receipt r) {
        page.set(null);
        PageGrid pg = grid.get();
        if (r == null || r.image() == null || pg == null) {
            return;
        }
        background.execute(() -> {
            float[] bgr;
            try {
                bgr = PageImage.read(r.image(), pg.side());
            } catch (IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            ui.execute(() -> {
                if (r == receipt.get() && pg == grid.get()) {
                    page.set(bgr);
                }
            });
        });
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

    StringProperty summaryProperty() {
        return summary;
    }

    ObjectProperty<PageGrid> gridProperty() {
        return grid;
    }

    ObjectProperty<float[]> pageProperty() {
        return page;
    }
}
