package com.layoutlens.ui;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Problem;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.formats.HfFormat;
import com.layoutlens.data.formats.ReceiptFormats;
import com.layoutlens.data.formats.ReceiptReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** File > Import and File > Export without the toolkit: the work runs on the calling thread. */
class FormatTransferViewModelTest {

    private static final Path SAMPLES = Path.of("sample-receipts");

    private final DatasetViewModel datasets = new DatasetViewModel(LabelSet.sroie());
    private final StatusLine status = new StatusLine();
    private final List<Problem> problems = new ArrayList<>();
    private final FormatTransferViewModel vm = new FormatTransferViewModel(datasets, Worker.direct(), Runnable::run,
            status, problems::add);

    private Dataset openSamples() throws Exception {
        Dataset ds = Dataset.load(SAMPLES);
        datasets.accept(ds);
        return ds;
    }

    @Test
    void theChoicesAreTheRegistrysFormats() {
        assertEquals(ReceiptFormats.AUTO, vm.importFormats().get(0));
        assertTrue(vm.importFormats().containsAll(ReceiptFormats.readers()));
        assertEquals(ReceiptFormats.writers(), vm.exportFormats());
    }

    @Test
    void exportWritesTheOpenFolderWithItsCurrentLabelsAndImportBringsThemBack(@TempDir Path tmp) throws Exception {
        Dataset ds = openSamples();
        Receipt first = ds.receipts().get(0);
        // an edit in the app, not yet in a label file: the export carries it
        List<LabelRow> edited = first.labels().stream().map(r -> r.withLabel("DATE", null)).toList();
        datasets.updateGold(first.id(), edited);
        Path hf = tmp.resolve("hf");
        List<String> lines = new ArrayList<>();
        vm.exportFolder(HfFormat.NAME, hf, lines::add);
        assertEquals(1, lines.size(), problems.toString());
        assertTrue(status.textProperty().get().contains("exported as hf"), status.textProperty().get());
        assertFalse(status.isBusy());
        Dataset out = ReceiptFormats.load(hf, ReceiptFormats.AUTO, ReceiptReader.Options.defaults());
        assertEquals(ds.receipts().size(), out.receipts().size());
        assertTrue(out.receipt(first.id()).labels().stream().allMatch(r -> r.label().equals("DATE")));

        Path back = tmp.resolve("back");
        List<Path> opened = new ArrayList<>();
        vm.importFolder(hf, ReceiptFormats.AUTO, back, opened::add);
        assertEquals(List.of(back), opened, problems.toString());
        Dataset imported = Dataset.load(back);
        assertEquals(ds.receipts().size(), imported.receipts().size());
        assertEquals(out.receipt(first.id()).words().stream().map(w -> w.text()).toList(),
                imported.receipt(first.id()).words().stream().map(w -> w.text()).toList());
        assertTrue(status.textProperty().get().contains("imported from " + hf + " (hf)"), status.textProperty().get());
    }

    @Test
    void neitherWritesIntoTheFolderItReads(@TempDir Path tmp) throws Exception {
        Path source = tmp.resolve("source");
        try (var files = Files.walk(SAMPLES)) {
            for (Path p : files.toList()) {
                Files.copy(p, source.resolve(SAMPLES.relativize(p).toString()));
            }
        }
        datasets.accept(Dataset.load(source));
        List<String> lines = new ArrayList<>();
        vm.exportFolder(HfFormat.NAME, source.resolve("hf"), lines::add);
        assertTrue(lines.isEmpty());
        assertFalse(Files.exists(source.resolve("hf")));
        assertTrue(problems.get(0).message().contains("inside the source folder"), problems.toString());

        List<Path> opened = new ArrayList<>();
        vm.importFolder(source, ReceiptFormats.AUTO, source.resolve("copy"), opened::add);
        assertTrue(opened.isEmpty());
        assertFalse(Files.exists(source.resolve("copy")));
        // a folder that already holds receipts is no import target either
        vm.importFolder(SAMPLES, ReceiptFormats.AUTO, source, opened::add);
        assertTrue(opened.isEmpty());
        assertTrue(status.textProperty().get().contains("already holds receipts"), status.textProperty().get());
    }

    @Test
    void withNoFolderOpenExportSaysSo(@TempDir Path tmp) {
        assertFalse(vm.folderOpen());
        assertNotNull(vm.exportRefusal(tmp));
        assertTrue(status.textProperty().get().contains("open a receipt folder"));
    }

    @Test
    void aFolderNoFormatRecognisesFailsTheImportWithTheFormats(@TempDir Path tmp) throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        List<Path> opened = new ArrayList<>();
        vm.importFolder(empty, ReceiptFormats.AUTO, tmp.resolve("out"), opened::add);
        assertTrue(opened.isEmpty());
        assertFalse(status.isBusy());
        assertTrue(status.textProperty().get().contains("no receipt format recognises"), status.textProperty().get());
        assertNull(vm.importRefusal(empty, tmp.resolve("out")));
    }
}
