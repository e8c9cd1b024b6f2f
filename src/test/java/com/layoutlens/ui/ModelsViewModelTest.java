package com.layoutlens.ui;

import com.layoutlens.model.hub.HubClient;
import com.layoutlens.model.hub.LoopbackHub;
import com.layoutlens.model.hub.ModelFolderInfo;
import com.layoutlens.service.ModelDownloads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Models tab's state and commands, without the toolkit: work runs on the test's thread. */
class ModelsViewModelTest {

    @TempDir
    Path tmp;

    private final List<String> endpoints = new ArrayList<>();

    private ModelsViewModel vm() {
        ModelsViewModel vm = new ModelsViewModel(new ModelDownloads(endpoint -> {
            endpoints.add(endpoint);
            return new HubClient(endpoint, null);
        }), Worker.direct(), Runnable::run);
        vm.bundledProperty().set(tmp.resolve("bundled"));
        vm.downloadsProperty().set(tmp.resolve("downloads"));
        return vm;
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
        return to;
    }

    private ModelFolderInfo row(ModelsViewModel vm, String name) {
        return vm.models().stream().filter(i -> i.folder().getFileName().toString().equals(name)).findFirst()
                .orElseThrow();
    }

    @Test
    void addedFoldersAreListedOnceWithTheirModels() throws Exception {
        Path mine = tmp.resolve("mine");
        copy(LoopbackHub.fixture("tiny-a"), mine.resolve("good"));
        Files.writeString(copy(LoopbackHub.fixture("tiny-a"), mine.resolve("bad")).resolve("config.json"), "{not json");
        ModelsViewModel vm = vm();
        vm.addFolder(mine);
        vm.addFolder(mine.resolve("..").resolve("mine"));
        assertEquals(List.of(mine), vm.searchedFolders(), "the missing bundled and downloads folders are no error");
        assertEquals("Looking in: " + mine, vm.foldersProperty().get());
        assertTrue(row(vm, "good").ok());
        assertFalse(row(vm, "bad").ok());
        assertTrue(ModelsViewModel.problem(row(vm, "bad")).startsWith("config.json: "));
    }

    @Test
    void onlyAUsableSelectionRunsAndTheSelectionSurvivesARefresh() throws Exception {
        Path mine = tmp.resolve("mine");
        copy(LoopbackHub.fixture("tiny-a"), mine.resolve("good"));
        Files.writeString(copy(LoopbackHub.fixture("tiny-a"), mine.resolve("bad")).resolve("config.json"), "{not json");
        ModelsViewModel vm = vm();
        List<String> runs = new ArrayList<>();
        vm.onRun((p, s) -> runs.add(p.getFileName() + " as " + s));
        vm.addFolder(mine);
        vm.selectedProperty().set(row(vm, "bad"));
        vm.run(Slot.A);
        vm.selectedProperty().set(row(vm, "good"));
        vm.run(Slot.B);
        assertEquals(List.of("good as B"), runs);
        vm.refresh();
        assertEquals(mine.resolve("good"), vm.selectedProperty().get().folder(), "a new listing keeps the selection");
        assertFalse(vm.canConvert(), "safetensors already");
    }

    @Test
    void aDownloadUsesTheInjectedServiceAndListsTheNewFolder() throws Exception {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            ModelsViewModel vm = vm();
            vm.download().endpointProperty().set(" " + hub.endpoint() + " ");
            vm.download().hubIdProperty().set(LoopbackHub.ID);
            vm.download().startDownload();
            assertEquals(List.of(hub.endpoint()), endpoints);
            assertNull(vm.download().downloadProperty().get(), "done");
            assertEquals(1.0, vm.download().downloadProgressProperty().get());
            assertTrue(vm.download().downloadStatusProperty().get().startsWith(LoopbackHub.ID + ": "),
                    vm.download().downloadStatusProperty().get());
            assertFalse(vm.download().downloadIsErrorProperty().get());
            ModelFolderInfo got = vm.selectedProperty().get();
            assertEquals("tiny-layoutlm", got.folder().getFileName().toString(), "the new folder is selected");
            assertTrue(got.ok(), got.error());
        }
    }

    @Test
    void aBadEndpointIsShownInTheForm() {
        ModelsViewModel vm = new ModelsViewModel(new ModelDownloads(endpoint -> {
            throw new IllegalArgumentException("not a URL: " + endpoint);
        }), Worker.direct(), Runnable::run);
        vm.download().hubIdProperty().set("acme/x");
        vm.download().endpointProperty().set("::");
        vm.download().startDownload();
        assertEquals("Endpoint: not a URL: ::", vm.download().downloadStatusProperty().get());
        assertTrue(vm.download().downloadIsErrorProperty().get());
    }

    @Test
    void aCancelledDownloadFreesTheFormAtOnceAndItsLateEndIsDropped() {
        List<Runnable> queued = new ArrayList<>();
        DownloadViewModel d = new DownloadViewModel(new ModelDownloads(endpoint -> new HubClient(endpoint, null)),
                work -> {
                    queued.add(work);
                    return new java.util.concurrent.CompletableFuture<Void>();
                }, Runnable::run, () -> tmp.resolve("downloads"), folder -> endpoints.add("listed " + folder));
        d.endpointProperty().set("http://127.0.0.1:9");
        d.hubIdProperty().set("acme/x");
        d.startDownload();
        assertTrue(d.downloadProperty().get() != null, "in progress");
        d.cancelDownload();
        assertNull(d.downloadProperty().get());
        String cancelled = d.downloadStatusProperty().get();
        assertTrue(cancelled.startsWith("Download cancelled; the partial file is kept in " + tmp.resolve("downloads")),
                cancelled);
        queued.get(0).run(); // the transfer fails afterwards: nothing it says replaces the cancel
        assertEquals(cancelled, d.downloadStatusProperty().get());
        assertEquals(List.of("listed null"), endpoints, "listed again once, by the cancel");
    }
}
