package com.layoutlens.ui;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.service.Hypotheses;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The statistics screen's state: the report's hypotheses ({@link Hypotheses}: bold TOTAL
 * measured on the scans, TOTAL after a keyword, COMPANY in the first lines) measured on the
 * open folder's gold labels in the background, as {@code stats} measures them. Measuring reads
 * every scan, so it runs when asked (the tab asks when shown on a folder not yet measured);
 * the newest request wins.
 */
final class StatisticsViewModel {

    private final DatasetViewModel datasets;
    private final LabelSet labelSet;
    private final Executor background;
    private final Executor ui;
    private final ObjectProperty<Hypotheses> hypotheses = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper measuring = new ReadOnlyBooleanWrapper(false);
    private final AtomicLong generation = new AtomicLong();
    private Dataset measured;

    StatisticsViewModel(DatasetViewModel datasets, Executor background, Executor ui) {
        this.datasets = datasets;
        this.labelSet = datasets.labelSet();
        this.background = background;
        this.ui = ui;
        datasets.datasetProperty().addListener(o -> {
            generation.incrementAndGet();
            measuring.set(false);
            hypotheses.set(null);
            measured = null;
        });
    }

    /** Measures the open folder unless its figures are there already. */
    void measureIfNeeded() {
        Dataset ds = datasets.datasetProperty().get();
        if (ds != null && ds != measured && !measuring.get()) {
            measure();
        }
    }

    /** Measures the hypotheses on the open folder's current gold labels in the background. */
    void measure() {
        Dataset ds = datasets.datasetProperty().get();
        if (ds == null) {
            return;
        }
        long gen = generation.incrementAndGet();
        measuring.set(true);
        background.execute(() -> {
            Hypotheses h = compute(ds.receipts(), datasets.goldMap());
            ui.execute(() -> {
                if (gen == generation.get()) {
                    hypotheses.set(h);
                    measured = ds;
                    measuring.set(false);
                }
            });
        });
    }

    /** The hypotheses on the receipts that have gold rows (heavy: reads every scan; off the FX thread). */
    Hypotheses compute(List<Receipt> receipts, Map<String, List<LabelRow>> gold) {
        List<Receipt> with = new ArrayList<>();
        List<List<LabelRow>> rows = new ArrayList<>();
        for (Receipt r : receipts) {
            List<LabelRow> g = gold.get(r.id());
            if (g != null) {
                with.add(r);
                rows.add(g);
            }
        }
        return Hypotheses.measure(with, rows, labelSet, null, null);
    }

    ObjectProperty<Hypotheses> hypothesesProperty() {
        return hypotheses;
    }

    ReadOnlyBooleanProperty measuringProperty() {
        return measuring.getReadOnlyProperty();
    }
}
