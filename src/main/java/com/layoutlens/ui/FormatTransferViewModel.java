package com.layoutlens.ui;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.formats.ReceiptFormats;
import com.layoutlens.data.formats.ReceiptReader;
import com.layoutlens.data.formats.ReceiptWriter;
import com.layoutlens.data.formats.SroieFolderWriter;
import com.layoutlens.eval.FieldDecoder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * File > Import and File > Export: a folder of any readable format copied into a new receipt
 * folder (then opened), and the open folder with its current gold labels (as saved or edited,
 * else as aligned from its key files) written in a format. The work runs in the background with
 * its progress in the status bar; neither ever writes into the folder it reads.
 */
final class FormatTransferViewModel {

    private static final String NOTHING_OPEN = "open a receipt folder before exporting it";

    private final DatasetViewModel datasets;
    private final Worker background;
    private final Executor ui;
    private final StatusLine status;
    private final Consumer<Problem> problems;

    FormatTransferViewModel(DatasetViewModel datasets, Worker background, Executor ui, StatusLine status,
                            Consumer<Problem> problems) {
        this.datasets = datasets;
        this.background = background;
        this.ui = ui;
        this.status = status;
        this.problems = problems;
    }

    /** The formats File > Import reads: auto (detected) first. */
    List<String> importFormats() {
        List<String> out = new ArrayList<>(List.of(ReceiptFormats.AUTO));
        out.addAll(ReceiptFormats.readers());
        return out;
    }

    /** The formats File > Export writes. */
    List<String> exportFormats() {
        return ReceiptFormats.writers();
    }

    /**
     * Why importing {@code source} into {@code target} is refused, or null: the target inside the
     * source, or a target that already holds receipts.
     */
    String importRefusal(Path source, Path target) {
        return ReceiptFormats.refusal(target, source);
    }

    /** Whether a folder is open to export; when none is, says so in the status bar. */
    boolean folderOpen() {
        if (datasets.datasetProperty().get() == null) {
            status.say(NOTHING_OPEN);
            return false;
        }
        return true;
    }

    /** Why exporting the open folder to {@code target} is refused, or null. */
    String exportRefusal(Path target) {
        Dataset ds = datasets.datasetProperty().get();
        if (ds == null) {
            return NOTHING_OPEN;
        }
        return ReceiptFormats.refusal(target, ds.dir());
    }

    /**
     * Reads {@code source} ({@code format}: a reader's name or auto) into the new receipt folder
     * {@code target} in the background; {@code then} gets the target on the UI thread when it is
     * written. A refusal or a folder that cannot be read is an error, and nothing is written.
     */
    void importFolder(Path source, String format, Path target, Consumer<Path> then) {
        String refusal = importRefusal(source, target);
        if (refusal != null) {
            problems.accept(Problem.error(target.toString(), 0, "not imported: " + refusal));
            status.say("Not imported: " + refusal);
            return;
        }
        status.busy("Importing " + source);
        background.execute(() -> {
            try {
                ReceiptReader reader = ReceiptFormats.reader(format, source);
                ReceiptReader.Read read = ReceiptFormats.read(reader, source, new ReceiptReader.Options(null, null,
                        false, (done, total) -> ui.execute(() -> status.progress(done, total))));
                List<Problem> all = new ArrayList<>(read.problems());
                all.addAll(new SroieFolderWriter().importFrom(reader, source, read, target));
                String line = read.receipts().size() + " receipts imported from " + source + " (" + reader.name()
                        + ") into " + target + (all.isEmpty() ? "" : ", " + all.size() + " problem(s)");
                ui.execute(() -> {
                    done(line, all);
                    then.accept(target);
                });
            } catch (IOException | RuntimeException e) {
                failed("Import", source, e);
            }
        });
    }

    /**
     * Writes the open folder with its current gold labels in {@code format} to {@code target}
     * in the background; {@code then} gets the status line on the UI thread when it is done.
     */
    void exportFolder(String format, Path target, Consumer<String> then) {
        String refusal = exportRefusal(target);
        if (refusal != null) {
            problems.accept(Problem.error(target.toString(), 0, "not exported: " + refusal));
            status.say("Not exported: " + refusal);
            return;
        }
        Dataset ds = datasets.datasetProperty().get();
        LabelSet schema = datasets.labelSet();
        status.busy("Exporting " + ds.dir() + " as " + format);
        background.execute(() -> {
            try {
                ReceiptWriter writer = ReceiptFormats.writer(format, FieldDecoder.of(schema)::decode);
                Map<String, List<LabelRow>> gold = datasets.goldMap();
                List<Receipt> receipts = new ArrayList<>();
                int n = 0;
                for (Receipt r : ds.receipts()) {
                    receipts.add(r.withLabels(gold.get(r.id())));
                    int done = ++n;
                    ui.execute(() -> status.progress(done, ds.receipts().size() + 1L));
                }
                List<Problem> all = new ArrayList<>(writer.write(receipts, schema, target));
                if (writer instanceof SroieFolderWriter && ds.format().equals(Dataset.FORMAT)) {
                    all.addAll(SroieFolderWriter.keepCorrections(ds.dir(), receipts, target));
                }
                String line = receipts.size() + " receipts of " + ds.dir() + " exported as " + writer.name() + " to "
                        + target + (all.isEmpty() ? "" : ", " + all.size() + " problem(s)");
                ui.execute(() -> {
                    done(line, all);
                    then.accept(line);
                });
            } catch (IOException | RuntimeException e) {
                failed("Export", ds.dir(), e);
            }
        });
    }

    private void done(String line, List<Problem> all) {
        status.idle();
        all.forEach(problems);
        status.say(line);
    }

    private void failed(String what, Path folder, Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        ui.execute(() -> {
            status.idle();
            problems.accept(Problem.error(folder.toString(), 0, what + " failed: " + why));
            status.say(what + " failed: " + why);
        });
    }
}
