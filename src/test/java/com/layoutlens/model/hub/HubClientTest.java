package com.layoutlens.model.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubClientTest {

    @TempDir
    Path tmp;

    @Test
    void downloadFetchesExactlyTheFilesAModelFolderNeeds() throws IOException {
        Path fixture = LoopbackHub.fixture("tiny-a");
        try (LoopbackHub hub = new LoopbackHub(fixture)) {
            Path out = tmp.resolve("tiny");
            List<Long> seen = new ArrayList<>();
            HubClient.Result r = new HubClient(hub.endpoint(), null).download(LoopbackHub.ID, "main", out,
                    (file, done, total, transferred) -> seen.add(done));

            for (String n : List.of("config.json", "model.safetensors", "tokenizer_config.json", "vocab.txt")) {
                assertArrayEquals(Files.readAllBytes(fixture.resolve(n)), Files.readAllBytes(out.resolve(n)), n);
            }
            // test fixtures that no model folder needs are not in the selection
            assertFalse(Files.exists(out.resolve("outputs.safetensors")));
            assertFalse(Files.exists(out.resolve("flax_model.msgpack")));
            assertFalse(Files.exists(out.resolve("onnx")));
            assertTrue(r.fetched().contains("model.safetensors"));
            assertEquals(List.of(), parts(out));
            assertEquals(List.of("-"), hub.ranges);
            JsonNode origin = new ObjectMapper().readTree(out.resolve(ModelFolders.ORIGIN_FILE).toFile());
            assertEquals(LoopbackHub.ID, origin.get("id").asText());
            assertEquals(LoopbackHub.sha256(hub.file("model.safetensors")),
                    origin.path("files").path("model.safetensors").path("sha256").asText());
            assertEquals(Files.size(fixture.resolve("model.safetensors")), seen.get(seen.size() - 1)
                    - sizes(out, "config.json", "tokenizer_config.json", "vocab.txt"));
        }
    }

    @Test
    void theOriginNoteIsWrittenThroughAFreshTemporaryFileNotAFixedName() throws IOException {
        Path fixture = LoopbackHub.fixture("tiny-a");
        try (LoopbackHub hub = new LoopbackHub(fixture)) {
            Path out = Files.createDirectories(tmp.resolve("tiny"));
            // a link planted where a fixed temporary name would be: followed, it would overwrite this file
            Path victim = Files.writeString(tmp.resolve("victim.txt"), "keep me");
            Files.createSymbolicLink(out.resolve(ModelFolders.ORIGIN_FILE + ".tmp"), victim);
            new HubClient(hub.endpoint(), null).download(LoopbackHub.ID, "main", out, (f, d, t, x) -> { });
            assertEquals("keep me", Files.readString(victim));
            assertTrue(Files.isRegularFile(out.resolve(ModelFolders.ORIGIN_FILE), java.nio.file.LinkOption.NOFOLLOW_LINKS));
            assertEquals(LoopbackHub.ID,
                    new ObjectMapper().readTree(out.resolve(ModelFolders.ORIGIN_FILE).toFile()).get("id").asText());
        }
    }

    @Test
    void interruptedTransferResumesWithARangeRequestAndEndsByteIdentical() throws IOException {
        Path fixture = LoopbackHub.fixture("tiny-a");
        try (LoopbackHub hub = new LoopbackHub(fixture)) {
            hub.cutFile = "model.safetensors";
            hub.cutAfter = 100_000;
            Path out = tmp.resolve("tiny");
            HubClient client = new HubClient(hub.endpoint(), null);

            HubException e = assertThrows(HubException.class, () -> client.download(LoopbackHub.ID, "main", out, null));
            assertTrue(e.getMessage().contains("model.safetensors") && e.getMessage().contains("run the same command again"),
                    e.getMessage());
            assertFalse(Files.exists(out.resolve("model.safetensors")), "no final file after an interruption");
            Path part = out.resolve("model.safetensors.part");
            assertEquals(100_000, Files.size(part));

            HubClient.Result r = client.download(LoopbackHub.ID, "main", out, null);
            assertEquals(List.of("-", "bytes=100000-"), hub.ranges);
            assertArrayEquals(hub.file("model.safetensors"), Files.readAllBytes(out.resolve("model.safetensors")));
            assertEquals(List.of(), parts(out));
            assertEquals(hub.file("model.safetensors").length - 100_000 + sizes(out, "config.json",
                    "tokenizer_config.json", "vocab.txt"), r.bytesTransferred());
        }
    }

    @Test
    void silentConnectionCountsAsAnInterruptionAndResumes() throws IOException {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            hub.stallFile = "model.safetensors";
            hub.cutAfter = 65_536;
            Path out = tmp.resolve("tiny");
            HubClient client = new HubClient(hub.endpoint(), null).idleTimeout(java.time.Duration.ofMillis(300));

            HubException e = assertThrows(HubException.class, () -> client.download(LoopbackHub.ID, "main", out, null));
            assertTrue(e.getMessage().contains("no data for") && e.getMessage().contains("resume"), e.getMessage());
            assertFalse(Thread.currentThread().isInterrupted());
            assertEquals(65_536, Files.size(out.resolve("model.safetensors.part")));

            client.download(LoopbackHub.ID, "main", out, null);
            assertEquals(List.of("-", "bytes=65536-"), hub.ranges);
            assertArrayEquals(hub.file("model.safetensors"), Files.readAllBytes(out.resolve("model.safetensors")));
        }
    }

    @Test
    void fileWithAWrongChecksumIsRejectedAndLeavesNothingBehind() throws IOException {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            hub.lieAbout = "model.safetensors";
            Path out = tmp.resolve("tiny");
            HubException e = assertThrows(HubException.class,
                    () -> new HubClient(hub.endpoint(), null).download(LoopbackHub.ID, "main", out, null));
            assertTrue(e.getMessage().contains("model.safetensors is corrupt")
                    && e.getMessage().contains(LoopbackHub.sha256(hub.file("model.safetensors"))), e.getMessage());
            assertFalse(Files.exists(out.resolve("model.safetensors")));
            assertEquals(List.of(), parts(out));
            assertFalse(Files.exists(out.resolve(ModelFolders.ORIGIN_FILE)), "an unfinished folder has no origin note");
        }
    }

    @Test
    void stalePartialFileThatFailsTheChecksumIsFetchedAgainFromTheStart() throws IOException {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            Path out = tmp.resolve("tiny");
            HubClient client = new HubClient(hub.endpoint(), null);
            client.download(LoopbackHub.ID, "main", out, null);
            // a part left by something else: resuming it gives a wrong checksum, so it is fetched anew
            Files.write(out.resolve("model.safetensors.part"), new byte[10]);
            Files.delete(out.resolve("model.safetensors"));
            client.download(LoopbackHub.ID, "main", out, null);
            assertEquals(List.of("-", "bytes=10-", "-"), hub.ranges);
            assertEquals(List.of(), parts(out));
            assertArrayEquals(hub.file("model.safetensors"), Files.readAllBytes(out.resolve("model.safetensors")));
        }
    }

    @Test
    void unreachableHubSaysSoAndSuggestsAnotherWay() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        HubException e = assertThrows(HubException.class, () -> new HubClient("http://127.0.0.1:" + port, null)
                .download(LoopbackHub.ID, "main", tmp.resolve("m"), null));
        assertTrue(e.getMessage().startsWith("cannot reach 127.0.0.1: ")
                && e.getMessage().endsWith("copy a model folder by hand or use --endpoint"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("m")));
    }

    @Test
    void unknownModelIsReportedAsNotFound() throws IOException {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            HubException e = assertThrows(HubException.class,
                    () -> new HubClient(hub.endpoint(), null).listFiles("acme/nothing", "main"));
            assertTrue(e.getMessage().contains("HTTP 404") && e.getMessage().contains("acme/nothing"), e.getMessage());
        }
    }

    @Test
    void idThatCouldEscapeTheUrlIsRefused() {
        HubClient c = new HubClient("http://127.0.0.1:1", null);
        assertThrows(HubException.class, () -> c.listFiles("../../etc", "main"));
        assertThrows(HubException.class, () -> c.listFiles("a/b/c", "main"));
    }

    @Test
    void selectionPrefersSafetensorsAndFallsBackToPytorchShards() {
        List<HubFile> both = files("config.json", "vocab.txt", "pytorch_model.bin", "model.safetensors",
                "tf_model.h5", "onnx/model.onnx", "training_args.bin");
        assertEquals(List.of("config.json", "vocab.txt", "model.safetensors"), names(HubClient.select(both)));

        List<HubFile> shards = files("config.json", "tokenizer.json", "pytorch_model.bin.index.json",
                "pytorch_model-00001-of-00002.bin", "pytorch_model-00002-of-00002.bin", "preprocessor_config.json");
        assertEquals(List.of("config.json", "tokenizer.json", "preprocessor_config.json", "pytorch_model.bin.index.json",
                "pytorch_model-00001-of-00002.bin", "pytorch_model-00002-of-00002.bin"), names(HubClient.select(shards)));
    }

    @Test
    void endpointMustBeAnHttpUrl() {
        assertThrows(IllegalArgumentException.class, () -> new HubClient("ftp://example.org", null));
        assertThrows(IllegalArgumentException.class, () -> new HubClient("huggingface.co", null));
    }

    private static List<HubFile> files(String... names) {
        return Stream.of(names).map(n -> new HubFile(n, -1, null)).toList();
    }

    private static List<String> names(List<HubFile> files) {
        return files.stream().map(HubFile::name).toList();
    }

    private static List<String> parts(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part") || n.endsWith(".tmp")).toList();
        }
    }

    private static long sizes(Path dir, String... names) throws IOException {
        long n = 0;
        for (String name : names) {
            n += Files.size(dir.resolve(name));
        }
        return n;
    }
}
