package com.layoutlens.service;

import com.layoutlens.model.hub.HubClient;
import com.layoutlens.model.hub.HubException;
import com.layoutlens.model.hub.LoopbackHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The downloads service both front ends use, against a hub on 127.0.0.1. */
class ModelDownloadsTest {

    @TempDir
    Path tmp;

    private final List<String> opened = Collections.synchronizedList(new ArrayList<>());

    private ModelDownloads service(Duration idle) {
        return new ModelDownloads(endpoint -> {
            opened.add(endpoint);
            return new HubClient(endpoint, null).idleTimeout(idle);
        });
    }

    @Test
    void theRequestIsResolvedAsTypedAndASecondRunKeepsWhatIsComplete() throws Exception {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            hub.listSizes = true; // a file is known complete by its listed size
            Path folder = ModelDownloads.folderFor(tmp.resolve("models"), LoopbackHub.ID);
            assertEquals(tmp.resolve("models").resolve("tiny-layoutlm"), folder);
            ModelDownloads.Download d = service(Duration.ofSeconds(30))
                    .prepare("  " + LoopbackHub.ID + " ", "  ", " " + hub.endpoint() + "\t", folder);
            assertEquals(List.of(hub.endpoint()), opened, "the endpoint is trimmed before the client is made");
            assertEquals(LoopbackHub.ID, d.id());
            assertEquals("main", d.revision(), "a blank revision is the main branch");
            assertEquals(hub.endpoint(), d.endpoint().toString());
            assertFalse(Files.exists(folder), "preparing fetches nothing");

            List<ModelDownloads.Progress> progressed = Collections.synchronizedList(new ArrayList<>());
            ModelDownloads.Outcome first = d.run(progressed::add);
            assertEquals(folder, first.folder());
            assertEquals(LoopbackHub.ID + "@main from " + hub.endpoint(), first.origin(),
                    "the origin note written beside the files, as models list reads it");
            assertTrue(first.fetched().contains("model.safetensors"), first.fetched().toString());
            assertTrue(first.fetched().contains("config.json"), first.fetched().toString());
            assertEquals(List.of(), first.skipped());
            assertTrue(first.bytesTransferred() >= hub.file("model.safetensors").length);
            assertTrue(progressed.stream().anyMatch(p -> p.file().equals("model.safetensors")), progressed.toString());
            ModelDownloads.Progress last = progressed.get(progressed.size() - 1);
            assertTrue(last.complete(), last.toString());
            assertEquals(1.0, last.fraction());
            assertEquals(0.0, last.secondsLeft(), "nothing is left at the end");
            assertTrue(last.bytesPerSecond() > 0, "the rate is measured over the run: " + last);
            assertEquals(first.bytesTransferred(), last.transferred());
            assertArrayEquals(hub.file("model.safetensors"), Files.readAllBytes(folder.resolve("model.safetensors")));

            ModelDownloads.Outcome again = service(Duration.ofSeconds(30))
                    .prepare(LoopbackHub.ID, "main", hub.endpoint(), folder).run(null);
            assertEquals(List.of(), again.fetched());
            assertEquals(first.fetched().size(), again.skipped().size());
            assertEquals(0, again.bytesTransferred());
        }
    }

    @Test
    void warningsOnTheWayStayWithTheOutcome() throws Exception {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            hub.linkedSizeHeader = "1e9";
            List<String> heard = Collections.synchronizedList(new ArrayList<>());
            ModelDownloads.Outcome r = service(Duration.ofSeconds(30))
                    .prepare(LoopbackHub.ID, "main", hub.endpoint(), tmp.resolve("tiny"))
                    .run(new ModelDownloads.Listener() {
                        @Override
                        public void progress(ModelDownloads.Progress progress) {
                        }

                        @Override
                        public void warning(String message) {
                            heard.add(message);
                        }
                    });
            assertEquals(1, r.warnings().size(), r.warnings().toString());
            assertTrue(r.warnings().get(0).startsWith("model.safetensors: the hub sent a malformed X-Linked-Size '1e9'"),
                    r.warnings().get(0));
            assertEquals(r.warnings(), heard, "the listener hears each warning too");
        }
    }

    @Test
    void theFolderIsTheOneChosenElseTheIdsNameUnderTheRoot() {
        Path chosen = tmp.resolve("mine");
        assertEquals(chosen, ModelDownloads.folderFor(chosen, tmp, "acme/tiny-model"));
        assertEquals(tmp.resolve("tiny-model"), ModelDownloads.folderFor(null, tmp, "acme/tiny-model"));
        assertEquals(Path.of("models", "tiny-model"),
                ModelDownloads.folderFor(null, ModelDownloads.DEFAULT_ROOT, "acme/tiny-model"));
    }

    @Test
    void progressSaysTheShareAndTheTimeLeftOnlyWhenTheyAreKnown() {
        ModelDownloads.Progress half = new ModelDownloads.Progress("model.safetensors", 500, 1000, 400, 100);
        assertEquals(0.5, half.fraction());
        assertEquals(5.0, half.secondsLeft(), "500 bytes left at 100 bytes a second");
        assertFalse(half.complete());
        ModelDownloads.Progress unsized = new ModelDownloads.Progress("model.safetensors", 500, -1, 400, 100);
        assertEquals(-1, unsized.fraction());
        assertEquals(-1, unsized.secondsLeft());
        ModelDownloads.Progress resumedOnly = new ModelDownloads.Progress("config.json", 10, 20, 0, 0);
        assertEquals(-1, resumedOnly.secondsLeft(), "no rate yet: no time left to say");
        assertTrue(new ModelDownloads.Progress("empty", 0, 0, 0, 0).complete());
        assertEquals(1.0, new ModelDownloads.Progress("empty", 0, 0, 0, 0).fraction());
    }

    @Test
    void anEndpointThatIsNoUrlIsRefusedBeforeAnythingRuns() {
        ModelDownloads service = new ModelDownloads(endpoint -> new HubClient(endpoint, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> service.prepare("acme/x", "main", "ftp://mirror.example", tmp.resolve("x")));
        assertEquals("not an http(s) URL: ftp://mirror.example", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void aDownloadCancelledBeforeItRunsFetchesNothing() throws Exception {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            ModelDownloads.Download d = service(Duration.ofSeconds(30))
                    .prepare(LoopbackHub.ID, "main", hub.endpoint(), tmp.resolve("tiny"));
            d.cancel();
            HubException e = assertThrows(HubException.class, () -> d.run(null));
            assertEquals("download of " + LoopbackHub.ID + " cancelled; the partial file is kept in "
                    + tmp.resolve("tiny"), e.getMessage());
            assertFalse(Files.exists(tmp.resolve("tiny")));
            assertEquals(List.of(), hub.ranges, "no file was asked for");
        }
    }

    @Test
    void aCancelStopsAStalledTransferAtOnceAndTheNextRunResumesThePart() throws Exception {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            hub.stallFile = "model.safetensors";
            hub.cutAfter = 65_536;
            Path folder = tmp.resolve("tiny");
            // the stall limit is far longer than the test waits: only the cancel can end this transfer
            ModelDownloads.Download d = service(Duration.ofSeconds(120))
                    .prepare(LoopbackHub.ID, "main", hub.endpoint(), folder);
            CountDownLatch stalled = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    d.run(p -> {
                        if (p.file().equals("model.safetensors") && p.done() >= 65_536) {
                            stalled.countDown();
                        }
                    });
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            t.start();
            assertTrue(stalled.await(30, TimeUnit.SECONDS), "the transfer reached the stall");
            d.cancel();
            t.join(10_000);
            assertFalse(t.isAlive(), "the cancel ended the transfer");
            HubException e = assertInstanceOf(HubException.class, failure.get());
            assertTrue(e.getMessage().contains("cancelled; the partial file is kept in " + folder), e.getMessage());
            assertEquals(65_536, Files.size(folder.resolve("model.safetensors.part")));

            ModelDownloads.Outcome resumed = service(Duration.ofSeconds(30))
                    .prepare(LoopbackHub.ID, "main", hub.endpoint(), folder).run(null);
            assertTrue(resumed.fetched().contains("model.safetensors"));
            assertEquals(List.of("-", "bytes=65536-"), hub.ranges);
            assertArrayEquals(hub.file("model.safetensors"), Files.readAllBytes(folder.resolve("model.safetensors")));
        }
    }
}
