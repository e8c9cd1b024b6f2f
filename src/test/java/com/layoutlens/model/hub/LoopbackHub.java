package com.layoutlens.model.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A model hub on 127.0.0.1 that serves one repository the way huggingface.co does: the listing
 * under /api/models/ID, small files straight from /ID/resolve/REV/NAME, weights files through a
 * redirect that carries X-Linked-Size and X-Linked-Etag (their SHA-256) to a storage path that
 * honours Range requests. It can cut the first transfer of a file short and lie about a checksum.
 */
public final class LoopbackHub implements AutoCloseable {

    public static final String ID = "acme/tiny-layoutlm";

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final List<String> extraListed = new ArrayList<>();
    /** Range headers of storage requests, "-" for none, in order. */
    public final List<String> ranges = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger storageRequests = new AtomicInteger();
    /** File whose first storage transfer stops after {@link #cutAfter} bytes, or null. */
    volatile String cutFile;
    public volatile int cutAfter;
    /** File whose first storage transfer goes silent after {@link #cutAfter} bytes, or null. */
    public volatile String stallFile;
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    /** Whether the listing gives each file's size, as the real hub does when asked for blobs. */
    public volatile boolean listSizes;
    /** JSON value the listing gives as every file's size instead of the real one, or null. */
    public volatile String listedSize;
    /** File whose announced SHA-256 is wrong, or null. */
    volatile String lieAbout;
    /** File whose first storage transfer sends {@link #cutAfter} bytes, then one byte every 100 ms, or null. */
    public volatile String trickleFile;
    /** Whether the listing comes one byte every 100 ms, as from a server that has all but hung. */
    public volatile boolean trickleListing;
    /**
     * File served as a plain server would: no size, no checksum, no Content-Length (chunked); its
     * first transfer ends quietly after {@link #cutAfter} bytes, as when a connection without a
     * length closes early. Range requests are honoured.
     */
    public volatile String plainFile;
    /** What {@link #plainFile} is served as instead, whole and with a Content-Length (a server's error page), or null. */
    public volatile byte[] plainBody;
    /** Value sent as X-Linked-Size instead of the real size, or null. */
    public volatile String linkedSizeHeader;
    /** Value sent as Content-Range on partial answers instead of the real range, or null. */
    public volatile String contentRangeHeader;
    private final AtomicInteger plainRequests = new AtomicInteger();

    public LoopbackHub(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.sorted().toList()) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        // files the hub lists but a model folder does not need: must not be fetched
        extraListed.add("onnx/model.onnx");
        extraListed.add("flax_model.msgpack");
        extraListed.add(".gitattributes");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        // a handler per thread: a stalled transfer must not hold up the next request
        server.setExecutor(pool);
        server.start();
    }

    public static Path fixture(String name) {
        try {
            return Path.of(LoopbackHub.class.getResource("/fixtures/layoutlm/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public byte[] file(String name) {
        return files.get(name);
    }

    private static boolean isWeights(String name) {
        return name.endsWith(".safetensors") || name.endsWith(".bin");
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String api = "/api/models/" + ID;
            String resolve = "/" + ID + "/resolve/main/";
            if (path.equals(api) && trickleListing) {
                trickle(ex, ("{\"id\":\"" + ID + "\",\"siblings\":[]" + " ".repeat(2000) + "}")
                        .getBytes(StandardCharsets.UTF_8));
            } else if (path.startsWith(resolve) && path.substring(resolve.length()).equals(plainFile)) {
                plain(ex, plainFile);
            } else if (path.equals(api)) {
                StringBuilder json = new StringBuilder("{\"id\":\"" + ID + "\",\"siblings\":[");
                List<String> names = new ArrayList<>(files.keySet());
                names.addAll(extraListed);
                for (int i = 0; i < names.size(); i++) {
                    json.append(i == 0 ? "" : ",").append("{\"rfilename\":\"").append(names.get(i)).append("\"");
                    if (listSizes && files.containsKey(names.get(i))) {
                        json.append(",\"size\":").append(listedSize != null ? listedSize
                                : String.valueOf(files.get(names.get(i)).length));
                    }
                    json.append("}");
                }
                send(ex, 200, json.append("]}").toString().getBytes(StandardCharsets.UTF_8));
            } else if (path.startsWith(resolve) && files.containsKey(path.substring(resolve.length()))) {
                String name = path.substring(resolve.length());
                byte[] data = files.get(name);
                ex.getResponseHeaders().add("X-Repo-Commit", "0123456789abcdef0123456789abcdef01234567");
                if (isWeights(name)) {
                    String sha = name.equals(lieAbout) ? sha256("something else".getBytes(StandardCharsets.UTF_8))
                            : sha256(data);
                    ex.getResponseHeaders().add("X-Linked-Etag", "\"" + sha + "\"");
                    ex.getResponseHeaders().add("X-Linked-Size",
                            linkedSizeHeader != null ? linkedSizeHeader : String.valueOf(data.length));
                    ex.getResponseHeaders().add("Location", "/storage/" + name + "?signature=x");
                    ex.sendResponseHeaders(302, -1);
                } else {
                    // small files: a git blob hash as ETag, which is not a SHA-256 and is not checked
                    ex.getResponseHeaders().add("ETag", "\"" + sha256(data).substring(0, 40) + "\"");
                    send(ex, 200, data);
                }
            } else if (path.startsWith("/storage/") && files.containsKey(path.substring(9))) {
                storage(ex, path.substring(9));
            } else {
                send(ex, 404, "not found".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void storage(HttpExchange ex, String name) throws IOException {
        boolean first = storageRequests.getAndIncrement() == 0;
        byte[] data = files.get(name);
        String range = ex.getRequestHeaders().getFirst("Range");
        ranges.add(range == null ? "-" : range);
        int from = 0;
        if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
            from = Integer.parseInt(range.substring(6, range.length() - 1));
            if (from >= data.length) {
                ex.getResponseHeaders().add("Content-Range", "bytes */" + data.length);
                ex.sendResponseHeaders(416, -1);
                return;
            }
            ex.getResponseHeaders().add("Content-Range", contentRangeHeader != null ? contentRangeHeader
                    : "bytes " + from + "-" + (data.length - 1) + "/" + data.length);
            ex.sendResponseHeaders(206, data.length - from);
        } else {
            ex.sendResponseHeaders(200, data.length);
        }
        OutputStream o = ex.getResponseBody();
        if (first && name.equals(cutFile)) {
            o.write(data, from, cutAfter);
            o.flush();
            // a handler that fails makes the server drop the connection: fewer bytes than announced
            throw new IOException("connection cut after " + cutAfter + " bytes");
        }
        if (first && name.equals(trickleFile)) {
            o.write(data, from, cutAfter);
            o.flush();
            for (int i = from + cutAfter; i < data.length; i++) {
                o.write(data[i]);
                o.flush();
                try {
                    if (closed.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            throw new IOException("trickled transfer ended");
        }
        if (first && name.equals(stallFile)) {
            o.write(data, from, cutAfter);
            o.flush();
            try {
                closed.await(30, java.util.concurrent.TimeUnit.SECONDS); // silent, connection open
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("stalled transfer ended");
        }
        o.write(data, from, data.length - from);
    }

    private void trickle(HttpExchange ex, byte[] body) throws IOException {
        ex.sendResponseHeaders(200, 0);
        OutputStream o = ex.getResponseBody();
        for (byte b : body) {
            o.write(b);
            o.flush();
            try {
                if (closed.await(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void plain(HttpExchange ex, String name) throws IOException {
        if (plainBody != null) {
            ranges.add("-");
            send(ex, 200, plainBody);
            return;
        }
        boolean first = plainRequests.getAndIncrement() == 0;
        byte[] data = files.get(name);
        String range = ex.getRequestHeaders().getFirst("Range");
        ranges.add(range == null ? "-" : range);
        int from = 0;
        if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
            from = Integer.parseInt(range.substring(6, range.length() - 1));
            ex.getResponseHeaders().add("Content-Range",
                    "bytes " + from + "-" + (data.length - 1) + "/" + data.length);
            ex.sendResponseHeaders(206, 0);
        } else {
            ex.sendResponseHeaders(200, 0);
        }
        int to = first ? Math.min(data.length, from + cutAfter) : data.length;
        ex.getResponseBody().write(data, from, to - from);
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}
