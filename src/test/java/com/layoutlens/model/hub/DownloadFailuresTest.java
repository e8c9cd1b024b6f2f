package com.layoutlens.model.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Downloads from a hub that misbehaves: files without a published size or checksum whose
 * connection ends early, a listing that trickles, malformed size and range headers. Nothing
 * incomplete ever gets its real name, and a bad header costs a fresh start, never the download.
 */
class DownloadFailuresTest {

    @TempDir
    Path tmp;

    @Test
    void weightsWithoutSizeOrChecksumThatEndEarlyKeepTheirPartAndResume() throws IOException {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            hub.plainFile = "model.safetensors";
            hub.cutAfter = 100_000;
            Path out = tmp.resolve("tiny");
            HubClient client = new HubClient(hub.endpoint(), null);

            HubException e = assertThrows(HubException.class, () -> client.download(LoopbackHub.ID, "main", out, null));
            assertTrue(e.getMessage().startsWith("model.safetensors: the transfer ended after 100000 bytes but the "
                    + "file's header describes " + hub.file("model.safetensors").length + " bytes"), e.getMessage());
            assertTrue(e.getMessage().endsWith("run the same command again to resume"), e.getMessage());
            assertFalse(Files.exists(out.resolve("model.safetensors")), "a cut file never gets its real name");
            assertFalse(Files.exists(out.resolve(ModelFolders.ORIGIN_FILE)), "nothing is recorded as complete");
            assertEquals(100_000, Files.size(out.resolve("model.safetensors.part")));

            client.download(LoopbackHub.ID, "main", out, null);
            assertEquals(List.of("-", "bytes=100000-"), hub.ranges);
            assertArrayEquals(hub.file("model.safetensors"), Files.readAllBytes(out.resolve("model.safetensors")));
            assertEquals(hub.file("model.safetensors").length, new ObjectMapper()
                    .readTree(out.resolve(ModelFolders.ORIGIN_FILE).toFile())
                    .path("files").path("model.safetensors").path("size").asLong());
            assertEquals(List.of(), parts(out));
        }
    }

    @Test
    void anErrorPageSentWithItsLengthIsNotSavedAsTheWeights() throws IOException {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            hub.plainFile = "model.safetensors";
            hub.plainBody = "<html>rate limited</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Path out = tmp.resolve("tiny");
            HubException e = assertThrows(HubException.class,
                    () -> new HubClient(hub.endpoint(), null).download(LoopbackHub.ID, "main", out, null));
            assertTrue(e.getMessage().startsWith("model.safetensors: the downloaded file is unusable"), e.getMessage());
            assertFalse(Files.exists(out.resolve("model.safetensors")));
            assertFalse(Files.exists(out.resolve(ModelFolders.ORIGIN_FILE)));
        }
    }

    @Test
    void aPartFileThisDownloadDidNotBeginIsFetchedAgainNotContinued() throws IOException {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            hub.plainFile = "model.safetensors";
            Path out = Files.createDirectories(tmp.resolve("tiny"));
            byte[] other = Files.readAllBytes(LoopbackHub.fixture("tiny-b").resolve("model.safetensors"));
            Files.write(out.resolve("model.safetensors.part"), java.util.Arrays.copyOf(other, 1000));
            new HubClient(hub.endpoint(), null).download(LoopbackHub.ID, "main", out, null);
            assertEquals(List.of("bytes=1000-", "-"), hub.ranges);
            assertArrayEquals(hub.file("model.safetensors"), Files.readAllBytes(out.resolve("model.safetensors")));
            assertEquals(List.of(), parts(out));
        }
    }

    @Test
    void aFolderHoldingAnotherModelIsNeverDownloadedInto() throws IOException {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            Path out = Files.createDirectories(tmp.resolve("mine"));
            Path theirs = LoopbackHub.fixture("tiny-b");
            for (String f : List.of("config.json", "model.safetensors")) {
                Files.copy(theirs.resolve(f), out.resolve(f));
            }
            HubException e = assertThrows(HubException.class,
                    () -> new HubClient(hub.endpoint(), null).download(LoopbackHub.ID, "main", out, null));
            assertTrue(e.getMessage().contains("already holds a model"), e.getMessage());
            assertArrayEquals(Files.readAllBytes(theirs.resolve("config.json")), Files.readAllBytes(out.resolve("config.json")));
            assertEquals(List.of(), hub.ranges, "nothing fetched");
        }
    }

    @Test
    void jsonWithoutSizeThatEndsEarlyIsRemovedAndFetchedAgain() throws IOException {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            hub.plainFile = "config.json";
            hub.cutAfter = 100;
            Path out = tmp.resolve("tiny");
            HubClient client = new HubClient(hub.endpoint(), null);

            HubException e = assertThrows(HubException.class, () -> client.download(LoopbackHub.ID, "main", out, null));
            assertTrue(e.getMessage().startsWith("config.json: the downloaded file is unusable: not valid JSON"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("published no size or checksum"), e.getMessage());
            assertFalse(Files.exists(out.resolve("config.json")));
            assertEquals(List.of(), parts(out));

            client.download(LoopbackHub.ID, "main", out, null);
            assertArrayEquals(hub.file("config.json"), Files.readAllBytes(out.resolve("config.json")));
        }
    }

    @Test
    void pytorchWeightsWithoutSizeThatEndEarlyAreRefusedByTheRestrictedReader() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.copy(LoopbackHub.fixture("tiny-a").resolve("config.json"), repo.resolve("config.json"));
        Files.copy(Path.of(getClass().getResource("/checkpoints/tiny.bin").toURI()), repo.resolve("pytorch_model.bin"));
        try (LoopbackHub hub = new LoopbackHub(repo)) {
            hub.plainFile = "pytorch_model.bin";
            hub.cutAfter = (int) Files.size(repo.resolve("pytorch_model.bin")) - 200;
            Path out = tmp.resolve("bin");
            HubClient client = new HubClient(hub.endpoint(), null);

            HubException e = assertThrows(HubException.class, () -> client.download(LoopbackHub.ID, "main", out, null));
            assertTrue(e.getMessage().startsWith("pytorch_model.bin: the downloaded file is unusable: pytorch_model.bin"),
                    e.getMessage());
            assertFalse(Files.exists(out.resolve("pytorch_model.bin")));
            assertEquals(List.of(), parts(out));

            client.download(LoopbackHub.ID, "main", out, null);
            assertArrayEquals(hub.file("pytorch_model.bin"), Files.readAllBytes(out.resolve("pytorch_model.bin")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e30", "\"12abc\"", "99999999999999999999", "-5", "12.5"})
    void listedSizeThatIsNoByteCountIsIgnored(String size) throws IOException {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            hub.listSizes = true;
            hub.listedSize = size;
            Path out = tmp.resolve("tiny");
            new HubClient(hub.endpoint(), null).download(LoopbackHub.ID, "main", out, null);
            for (String n : List.of("config.json", "model.safetensors", "vocab.txt")) {
                assertArrayEquals(hub.file(n), Files.readAllBytes(out.resolve(n)), n);
            }
        }
    }

    @Test
    void listingThatTricklesIsGivenUpAtTheStallLimit() throws IOException {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            hub.trickleListing = true; // one byte every 100 ms: never silent for long
            HubClient client = new HubClient(hub.endpoint(), null).idleTimeout(Duration.ofMillis(400));
            long start = System.nanoTime();
            HubException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(HubException.class, () -> client.listFiles(LoopbackHub.ID, "main")));
            assertTrue(e.getMessage().startsWith("the file list of " + LoopbackHub.ID + " from 127.0.0.1 did not arrive:"
                    + " stalled: "), e.getMessage());
            assertTrue(e.getMessage().endsWith("run the same command again"), e.getMessage());
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "given up within a few stall periods");
        }
    }

    @Test
    void fileThatTricklesCountsAsInterruptedAndResumes() throws IOException {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            hub.trickleFile = "model.safetensors";
            hub.cutAfter = 65_536;
            Path out = tmp.resolve("tiny");
            HubClient client = new HubClient(hub.endpoint(), null).idleTimeout(Duration.ofMillis(400));

            HubException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(HubException.class, () -> client.download(LoopbackHub.ID, "main", out, null)));
            assertTrue(e.getMessage().startsWith("model.safetensors: transfer interrupted after ")
                    && e.getMessage().contains("(stalled: ") && e.getMessage().endsWith("resume"), e.getMessage());
            long kept = Files.size(out.resolve("model.safetensors.part"));
            assertTrue(kept >= 65_536 && kept < 65_536 + 100, "part of " + kept + " bytes");

            client.download(LoopbackHub.ID, "main", out, null);
            assertEquals(List.of("-", "bytes=" + kept + "-"), hub.ranges);
            assertArrayEquals(hub.file("model.safetensors"), Files.readAllBytes(out.resolve("model.safetensors")));
        }
    }

    @Test
    void malformedLinkedSizeIsToldAndThePartStartsAgainFromByteZero() throws IOException {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            hub.cutFile = "model.safetensors";
            hub.cutAfter = 100_000;
            Path out = tmp.resolve("tiny");
            HubClient client = new HubClient(hub.endpoint(), null);
            assertThrows(HubException.class, () -> client.download(LoopbackHub.ID, "main", out, null));
            assertEquals(100_000, Files.size(out.resolve("model.safetensors.part")));

            hub.linkedSizeHeader = "12abc";
            List<String> notes = Collections.synchronizedList(new ArrayList<>());
            client.download(LoopbackHub.ID, "main", out, listener(notes));
            assertTrue(notes.contains("model.safetensors: the hub sent a malformed X-Linked-Size '12abc' header; the "
                    + "partial file is discarded and the file fetched again from byte 0"), notes.toString());
            // the ranged answer that came with the bad header is dropped unread; the file starts again
            assertEquals(List.of("-", "bytes=100000-", "-"), hub.ranges);
            assertArrayEquals(hub.file("model.safetensors"), Files.readAllBytes(out.resolve("model.safetensors")));
            assertEquals(List.of(), parts(out));
        }
    }

    @Test
    void malformedLinkedSizeWithoutAPartStillEndsInACheckedFile() throws IOException {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            hub.linkedSizeHeader = "99999999999999999999";
            Path out = tmp.resolve("tiny");
            List<String> notes = Collections.synchronizedList(new ArrayList<>());
            new HubClient(hub.endpoint(), null).download(LoopbackHub.ID, "main", out, listener(notes));
            assertTrue(notes.contains("model.safetensors: the hub sent a malformed X-Linked-Size '99999999999999999999'"
                    + " header; the file's size is checked another way"), notes.toString());
            assertArrayEquals(hub.file("model.safetensors"), Files.readAllBytes(out.resolve("model.safetensors")));
        }
    }

    @Test
    void malformedContentRangeIsToldAndThePartStartsAgainFromByteZero() throws IOException {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            hub.cutFile = "model.safetensors";
            hub.cutAfter = 100_000;
            Path out = tmp.resolve("tiny");
            HubClient client = new HubClient(hub.endpoint(), null);
            assertThrows(HubException.class, () -> client.download(LoopbackHub.ID, "main", out, null));

            hub.contentRangeHeader = "bytes 100000-99999999999999999999/99999999999999999999";
            List<String> notes = Collections.synchronizedList(new ArrayList<>());
            client.download(LoopbackHub.ID, "main", out, listener(notes));
            assertTrue(notes.contains("model.safetensors: the server answered the request for bytes 100000- with a "
                    + "malformed Content-Range header '" + hub.contentRangeHeader + "'; the partial file is discarded "
                    + "and the file fetched again from byte 0"), notes.toString());
            assertEquals(List.of("-", "bytes=100000-", "-"), hub.ranges);
            assertArrayEquals(hub.file("model.safetensors"), Files.readAllBytes(out.resolve("model.safetensors")));
        }
    }

    @Test
    void commandLineTellsABadHeaderAndFinishesWithoutAStackTrace() throws IOException {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            hub.linkedSizeHeader = "1e9";
            Path out = tmp.resolve("models/tiny");
            CliRun d = CliRun.of("models", "download", LoopbackHub.ID, "--endpoint", hub.endpoint(), "--out",
                    out.toString());
            assertEquals(0, d.exit(), d.err());
            assertTrue(d.err().contains("warning: model.safetensors: the hub sent a malformed X-Linked-Size '1e9' "
                    + "header"), d.err());
            assertFalse(d.err().contains("For input string") || d.err().contains("\tat "), d.err());
        }
    }

    @Test
    void commandLineNamesAFileCutShortAndExitsOne() throws IOException {
        try (LoopbackHub hub = new LoopbackHub(LoopbackHub.fixture("tiny-a"))) {
            hub.plainFile = "model.safetensors";
            hub.cutAfter = 1000;
            Path out = tmp.resolve("models/tiny");
            CliRun d = CliRun.of("models", "download", LoopbackHub.ID, "--endpoint", hub.endpoint(), "--out",
                    out.toString());
            assertEquals(1, d.exit(), d.err());
            assertTrue(d.err().contains("error: model.safetensors: the transfer ended after 1000 bytes"), d.err());
            assertFalse(d.err().contains("\tat "), d.err());
            CliRun l = CliRun.of("models", "list", out.toString(), "--json");
            assertTrue(l.out().contains("unfinished download"), l.out());
        }
    }

    @Test
    void listingWithAContentLengthThatIsNoNumberIsToldInWords() throws Exception {
        byte[] listing = "{\"siblings\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (RawServer server = new RawServer((path, range) -> response("200 OK", "Content-Length: 12abc", listing))) {
            HubException e = assertThrows(HubException.class,
                    () -> new HubClient(server.endpoint(), null).listFiles(LoopbackHub.ID, "main"));
            assertEquals("the file list of " + LoopbackHub.ID + ": 127.0.0.1 sent a response with a malformed header "
                    + "(the HTTP client says: For input string: \"12abc\")", e.getMessage());
        }
    }

    @Test
    void rangedAnswerWithAContentLengthThatIsNoNumberStartsTheFileAgain() throws Exception {
        Path fixture = LoopbackHub.fixture("tiny-a");
        byte[] config = Files.readAllBytes(fixture.resolve("config.json"));
        byte[] weights = Files.readAllBytes(fixture.resolve("model.safetensors"));
        byte[] listing = ("{\"siblings\":[{\"rfilename\":\"config.json\"},{\"rfilename\":\"model.safetensors\"}]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<String> ranges = Collections.synchronizedList(new ArrayList<>());
        try (RawServer server = new RawServer((path, range) -> {
            if (path.startsWith("/api/models/")) {
                return response("200 OK", "Content-Length: " + listing.length, listing);
            }
            if (path.endsWith("/config.json")) {
                return response("200 OK", "Content-Length: " + config.length, config);
            }
            ranges.add(range == null ? "-" : range);
            return range != null ? response("206 Partial Content", "Content-Length: 12abc", new byte[0])
                    : response("200 OK", "Content-Length: " + weights.length, weights);
        })) {
            Path out = Files.createDirectories(tmp.resolve("tiny"));
            Files.write(out.resolve("model.safetensors.part"), java.util.Arrays.copyOf(weights, 1000));
            List<String> notes = Collections.synchronizedList(new ArrayList<>());
            new HubClient(server.endpoint(), null).download(LoopbackHub.ID, "main", out, listener(notes));
            assertEquals(List.of("bytes=1000-", "-"), ranges);
            assertTrue(notes.contains("model.safetensors: 127.0.0.1 sent a response with a malformed header (the HTTP "
                    + "client says: For input string: \"12abc\"); the partial file is discarded and the file fetched "
                    + "again from byte 0"), notes.toString());
            assertArrayEquals(weights, Files.readAllBytes(out.resolve("model.safetensors")));
        }
    }

    private static byte[] response(String status, String header, byte[] body) {
        byte[] head = ("HTTP/1.1 " + status + "\r\n" + header + "\r\nConnection: close\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] all = java.util.Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /**
     * An HTTP server on 127.0.0.1 that writes whatever bytes it is given, headers included, so a
     * test can send what no well-behaved server library would: one request per connection.
     */
    private static final class RawServer implements AutoCloseable {
        interface Handler {
            byte[] answer(String path, String range);
        }

        private final java.net.ServerSocket socket;
        private final Thread thread;

        RawServer(Handler handler) throws IOException {
            socket = new java.net.ServerSocket(0, 10, java.net.InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (java.net.Socket s = socket.accept()) {
                        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                                s.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1));
                        String path = in.readLine().split(" ")[1];
                        String range = null;
                        for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                            if (line.regionMatches(true, 0, "Range:", 0, 6)) {
                                range = line.substring(6).trim();
                            }
                        }
                        s.getOutputStream().write(handler.answer(path.replaceAll("\\?.*", ""), range));
                        s.getOutputStream().flush();
                    } catch (IOException | RuntimeException e) {
                        // the next connection is served anyway; a closed socket ends the loop
                    }
                }
            }, "raw-http-server");
            thread.setDaemon(true);
            thread.start();
        }

        String endpoint() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static DownloadListener listener(List<String> notes) {
        return new DownloadListener() {
            @Override
            public void progress(String file, long done, long total, long transferred) {
            }

            @Override
            public void note(String message) {
                notes.add(message);
            }
        };
    }

    private static List<String> parts(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part") || n.endsWith(".tmp")).toList();
        }
    }
}
