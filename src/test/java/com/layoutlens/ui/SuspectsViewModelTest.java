package com.layoutlens.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Suspects list's state and commands, without the FX toolkit (work runs on the test's thread). */
class SuspectsViewModelTest {

    @TempDir
    Path tmp;

    private SuspectsFixture fx;
    private DatasetViewModel datasets;
    private final List<String> calls = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();
    private boolean labelChanges = true;

    @BeforeEach
    void setUp() throws Exception {
        fx = new SuspectsFixture(tmp);
        datasets = new DatasetViewModel(LabelSet.sroie());
        datasets.accept(Dataset.load(fx.data, LabelSet.sroie(), null, null));
    }

    private SuspectsViewModel vm() {
        SuspectsViewModel vm = new SuspectsViewModel(datasets, Runnable::run, Runnable::run,
                new SuspectsViewModel.Receipts() {
                    @Override
                    public boolean open(String receipt, int segment, int word) {
                        calls.add("open " + receipt + " " + segment + "." + word);
                        return true;
                    }

                    @Override
                    public boolean label(String receipt, int segment, int word, String label) {
                        calls.add("label " + receipt + " " + segment + "." + word + " " + label);
                        return labelChanges;
                    }
                }, errors::add);
        vm.modelsRoot(tmp.resolve("models"));
        return vm;
    }

    private static String where(SuspectsViewModel.Row r) {
        return r.receipt() + " " + r.segment() + "." + r.word();
    }

    private String flipped(int i) {
        Object[] f = fx.flipped.get(i);
        return f[0] + " " + f[1] + "." + f[2];
    }

    @Test
    void findsTheWrongGoldWordsWithTheTrueLabelSuggested() {
        SuspectsViewModel vm = vm();
        vm.choose(fx.pred);
        assertEquals(2, vm.rows().size(), vm.statusProperty().get());
        for (SuspectsViewModel.Row r : vm.rows()) {
            int i = where(r).equals(flipped(0)) ? 0 : 1;
            assertEquals(flipped(i), where(r));
            assertEquals("O", r.gold());
            assertEquals(fx.flipped.get(i)[3], r.suggested());
            assertTrue(r.confidence() > 0.9, String.valueOf(r.confidence()));
            assertTrue(r.context().contains("[" + r.text() + "]"), r.context());
        }
        assertTrue(vm.statusProperty().get().startsWith("2 suspected label errors among"), vm.statusProperty().get());
        assertEquals(fx.pred.toString(), vm.sourceProperty().get());
    }

    @Test
    void theLabelFilterKeepsSuspectsWhoseGoldOrSuggestionIsThatLabel() {
        SuspectsViewModel vm = vm();
        vm.choose(fx.pred);
        assertEquals(List.of(SuspectsViewModel.ALL, "O", "COMPANY", "DATE", "ADDRESS", "TOTAL"), vm.filterChoices());
        vm.filterProperty().set("TOTAL");
        assertEquals(List.of(flipped(0)), vm.rows().stream().map(SuspectsViewModelTest::where).toList());
        vm.filterProperty().set("O");
        assertEquals(2, vm.rows().size());
        vm.filterProperty().set("DATE");
        assertTrue(vm.rows().isEmpty());
        vm.filterProperty().set(SuspectsViewModel.ALL);
        assertEquals(2, vm.rows().size());
    }

    @Test
    void acceptingOpensTheReceiptAndLabelsTheWordAsSuggested() {
        SuspectsViewModel vm = vm();
        vm.choose(fx.pred);
        vm.filterProperty().set("TOTAL");
        SuspectsViewModel.Row r = vm.rows().get(0);
        assertTrue(vm.accept(r));
        assertEquals(List.of("open " + flipped(0), "label " + flipped(0) + " TOTAL"), calls);
        assertTrue(vm.rows().isEmpty());
        assertTrue(vm.statusProperty().get().contains("Ctrl+Z"), vm.statusProperty().get());
    }

    @Test
    void aDismissalIsRememberedInTheFolderUntilTheGoldLabelChanges() throws Exception {
        SuspectsViewModel vm = vm();
        vm.choose(fx.pred);
        SuspectsViewModel.Row r = vm.rows().stream().filter(x -> where(x).equals(flipped(1))).findFirst().orElseThrow();
        vm.dismiss(r);
        assertEquals(1, vm.rows().size());
        Path file = fx.data.resolve(SuspectDismissals.FILE);
        JsonNode j = new ObjectMapper().readTree(file.toFile());
        assertEquals(1, j.get("dismissed").size());
        assertEquals(r.receipt(), j.get("dismissed").get(0).get("receipt").asText());
        assertEquals("COMPANY", j.get("dismissed").get(0).get("suggested").asText());
        try (var s = Files.list(fx.data)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".tmp")), "no temporary file left");
        }

        SuspectsViewModel again = vm(); // the app opened again on the folder
        again.choose(fx.pred);
        assertEquals(List.of(flipped(0)), again.rows().stream().map(SuspectsViewModelTest::where).toList());
        assertTrue(again.statusProperty().get().contains("1 dismissed, hidden"), again.statusProperty().get());

        // the gold label edited (to DATE, still wrong): the word is a suspect again
        Path labels = fx.data.resolve("labels").resolve(r.receipt() + ".csv");
        List<LabelRow> rows = new ArrayList<>(LabelFile.readStrict(labels, LabelSet.sroie()));
        rows.replaceAll(x -> x.segment() == r.segment() && x.word() == r.word() ? x.withLabel("DATE", null) : x);
        LabelFile.write(labels, rows);
        datasets.accept(Dataset.load(fx.data, LabelSet.sroie(), null, null));
        SuspectsViewModel third = vm();
        third.choose(fx.pred);
        assertEquals(2, third.rows().size(), third.statusProperty().get());
    }

    @Test
    void anUnreadableDismissalFileIsReportedAndStartsAfresh() throws Exception {
        Files.writeString(fx.data.resolve(SuspectDismissals.FILE), "{not json");
        SuspectsViewModel vm = vm();
        vm.choose(fx.pred);
        assertEquals(2, vm.rows().size());
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).getMessage().contains(SuspectDismissals.FILE), errors.get(0).getMessage());
    }

    @Test
    void theDefaultIsTheOfferedCrossValidationElseTheNewestOneOfThisFolder() throws Exception {
        SuspectsViewModel vm = vm();
        vm.load();
        assertNull(vm.folderProperty().get());
        assertTrue(vm.statusProperty().get().startsWith("No predictions with probabilities yet"), vm.statusProperty().get());

        // two cross-validations under models/: of this folder (older and newer) and of another folder
        Path older = crossValidation("run-1", fx.data, 1000);
        Path newer = crossValidation("run-2", fx.data, 2000);
        crossValidation("run-3", tmp.resolve("elsewhere"), 3000);
        assertEquals(newer, SuspectsViewModel.latestCrossValidation(tmp.resolve("models"), fx.data));
        vm.load();
        assertEquals(newer, vm.folderProperty().get());
        assertEquals(2, vm.rows().size());

        // a cross-validation finished in the Training tab wins, unless the user chose a folder
        SuspectsViewModel other = vm();
        other.offer(older);
        assertEquals(older, other.folderProperty().get());
        other.choose(fx.pred);
        other.offer(newer);
        assertEquals(fx.pred, other.folderProperty().get());
    }

    /** A cross-validation output folder whose folds.json names {@code data} and whose out-of-fold/ is the fixture's predictions. */
    private Path crossValidation(String name, Path data, long millis) throws Exception {
        Path run = tmp.resolve("models").resolve(name);
        Path oof = run.resolve("out-of-fold");
        Files.createDirectories(oof);
        try (var s = Files.list(fx.pred)) {
            for (Path p : s.toList()) {
                Files.copy(p, oof.resolve(p.getFileName()));
            }
        }
        Files.createDirectories(data);
        Path folds = run.resolve("folds.json");
        Files.writeString(folds, new ObjectMapper().createObjectNode().put("k", 2).put("data", data.toString())
                .put("out_of_fold", "out-of-fold").toString());
        Files.setLastModifiedTime(folds, FileTime.fromMillis(millis));
        return oof;
    }

    @Test
    void predictionsWithoutProbabilitiesAreExplained() throws Exception {
        Path plain = tmp.resolve("plain");
        Files.createDirectories(plain);
        try (var s = Files.list(fx.pred)) {
            for (Path p : s.toList()) {
                LabelFile.write(plain.resolve(p.getFileName()), LabelFile.readStrict(p, LabelSet.sroie()).stream()
                        .map(LabelRow::withoutProbs).toList());
            }
        }
        SuspectsViewModel vm = vm();
        vm.choose(plain);
        assertTrue(vm.rows().isEmpty());
        assertTrue(vm.statusProperty().get().contains("no probability columns"), vm.statusProperty().get());
        assertFalse(vm.loadingProperty().get());
    }
}
