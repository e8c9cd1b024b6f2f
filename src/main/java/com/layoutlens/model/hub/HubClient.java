package com.layoutlens.model.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.CheckpointException;
import com.layoutlens.model.checkpoint.Checkpoints;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads model folders from a Hugging Face hub (or any server with the same URL scheme: a
 * mirror, a company proxy, a test server). The file list comes from
 * {@code {endpoint}/api/models/{id}}, each file from {@code {endpoint}/{id}/resolve/{revision}/{file}}.
 *
 * <p>Every file is written to {@code NAME.part} first and renamed over {@code NAME} only once its
 * size and, where the hub gives one, its SHA-256 have been checked, so a folder never holds a
 * truncated or corrupt weights file under its real name. An interrupted transfer keeps its
 * {@code .part} file and the next run continues it with an HTTP {@code Range} request. A part
 * that turns out corrupt (wrong checksum, or longer than the file) is deleted, since resuming it
 * could only reproduce the same wrong bytes. A file the hub gives neither a size nor a checksum
 * for is read before it is renamed (see {@code checkUnverified}), so a connection that simply
 * closes early cannot pass a truncated file off as complete.
 *
 * <p>Headers come from the network and are parsed defensively: a malformed {@code X-Linked-Size},
 * {@code Content-Range} or {@code Content-Length} is named in a {@link DownloadListener#warning}
 * and costs a fresh start of that file, never the download.
 */
public final class HubClient {

    /** The public hub. */
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

    /** Files beside the weights that a model folder needs (config, tokenizers, image processor, card). */
    static final Set<String> SUPPORT_FILES = Set.of("config.json", "tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "added_tokens.json", "vocab.txt", "vocab.json", "merges.txt",
            "sentencepiece.bpe.model", "spiece.model", "preprocessor_config.json", "README.md");

    /** Whether {@code id} has the form of a hub model id ({@code owner/name} or {@code name}). */
    public static boolean isHubId(String id) {
        return id != null && HUB_ID.matcher(id).matches() && !id.contains("..");
    }

    /** The note of a download under way (its hub id), removed once the origin note is written. */
    static final String IN_PROGRESS = ".layoutlens-downloading";

    private static final Pattern HUB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern SAFETENSORS_SHARD = Pattern.compile("model-\\d+-of-\\d+\\.safetensors");
    private static final Pattern BIN_SHARD = Pattern.compile("pytorch_model-\\d+-of-\\d+\\.bin");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REDIRECTS = 5;
    /** A listing is a few kilobytes; a body larger than this is not one. */
    private static final int MAX_LISTING = 32 * 1024 * 1024;
    /**
     * A transfer that brings fewer bytes than this in one idle-timeout period is stalled, like one
     * that goes silent: a server that trickles a byte every few seconds would otherwise hold a
     * download (or the listing) for ever.
     */
    static final int MIN_BYTES_PER_PERIOD = 1024;

    private final URI endpoint;
    private final String token;
    private final HttpClient http;
    private Duration idleTimeout = Duration.ofSeconds(60);


    /**
     * @param endpoint the hub's base URL, e.g. {@code https://huggingface.co}
     * @param token    a hub access token for gated or private models, or {@code null}; sent only
     *                 to the endpoint's own host, never to the storage servers it redirects to
     */
    public HubClient(String endpoint, String token) {
        String e = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        URI uri;
        try {
            uri = URI.create(e);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("not a URL: " + endpoint);
        }
        if (uri.getScheme() == null || uri.getHost() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new IllegalArgumentException("not an http(s) URL: " + endpoint);
        }
        this.endpoint = uri;
        this.token = token == null || token.isBlank() ? null : token.trim();
        // redirects are followed by hand: the hub's own headers (X-Linked-Size, X-Linked-Etag) sit
        // on the redirect, and the token must not travel to another host
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * The stall limit: a transfer (a file, or the listing) that receives nothing, or fewer than
     * {@value #MIN_BYTES_PER_PERIOD} bytes, in this long counts as interrupted (a file's part is
     * kept for resuming); also how long the server may take to answer a request. 60 seconds
     * unless set.
     */
    public HubClient idleTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive");
        }
        this.idleTimeout = timeout;
        return this;
    }

    /** The endpoint a user asked for: the option if given, else {@code HF_ENDPOINT}, else the public hub. */
    public static String endpointFrom(String option) {
        if (option != null && !option.isBlank()) {
            return option;
        }
        String env = System.getenv("HF_ENDPOINT");
        return env == null || env.isBlank() ? DEFAULT_ENDPOINT : env;
    }

    /** The endpoint's base URL. */
    public URI endpoint() {
        return endpoint;
    }

    /** All files of a model repository at a revision. */
    public List<HubFile> listFiles(String id, String revision) throws HubException {
        checkId(id);
        String path = "/api/models/" + id + ("main".equals(revision) ? "" : "/revision/" + encode(revision));
        URI uri = endpoint.resolve(endpoint.getPath() + path + "?blobs=true");
        byte[] listing = readListing(id, uri);
        List<HubFile> out = new ArrayList<>();
        try {
            JsonNode siblings = JSON.readTree(listing).path("siblings");
            if (!siblings.isArray()) {
                throw new IOException("no 'siblings' list");
            }
            for (JsonNode s : siblings) {
                String name = s.path("rfilename").asText("");
                if (name.isEmpty()) {
                    continue;
                }
                // a size must be a whole number of bytes: anything else (1e30, "12abc", a number past
                // 2^63) is no size at all, and the file is checked another way
                JsonNode sizeNode = s.path("size");
                long size = sizeNode.isIntegralNumber() && sizeNode.canConvertToLong() && sizeNode.longValue() >= 0
                        ? sizeNode.longValue() : -1;
                String sha = s.path("lfs").path("sha256").asText(null);
                out.add(new HubFile(name, size, sha != null && SHA256.matcher(sha).matches() ? sha : null));
            }
        } catch (IOException e) {
            throw new HubException(uri + " did not answer with a model listing: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The body of a listing request, read under the same stall limit as files (a listing that
     * trickles would otherwise hold the command forever) and at most {@value #MAX_LISTING} bytes.
     */
    private byte[] readListing(String id, URI uri) throws HubException {
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> r;
        try {
            r = http.send(request(uri, true).GET().build(), HttpResponse.BodyHandlers.ofPublisher());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (IllegalArgumentException e) {
            throw malformed("the file list of " + id, uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HubException("interrupted");
        }
        try (Body body = new Body(r.body())) {
            checkStatus(r.statusCode(), id, "the file list of " + id, uri);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (List<ByteBuffer> chunk; (chunk = body.next(idleTimeout)) != null; ) {
                for (ByteBuffer b : chunk) {
                    if (out.size() + b.remaining() > MAX_LISTING) {
                        throw new HubException("the file list of " + id + " from " + uri.getHost() + " is larger than "
                                + MAX_LISTING / (1024 * 1024) + " MiB: not a model listing");
                    }
                    byte[] a = new byte[b.remaining()];
                    b.get(a);
                    out.write(a, 0, a.length);
                }
            }
            return out.toByteArray();
        } catch (HubException e) {
            throw e;
        } catch (IOException e) {
            throw new HubException("the file list of " + id + " from " + uri.getHost() + " did not arrive: "
                    + describe(e) + "; run the same command again", e);
        }
    }

    /**
     * The files of a listing that a model folder needs: config, tokenizer and image-processor
     * files, the model card, and one set of weights, safetensors preferred (single file or
     * index with shards), else {@code pytorch_model.bin} (single or sharded). Files in
     * sub-folders (other formats, ONNX exports) are left out.
     */
    public static List<HubFile> select(List<HubFile> all) {
        List<HubFile> support = new ArrayList<>();
        List<HubFile> safetensors = new ArrayList<>();
        List<HubFile> bin = new ArrayList<>();
        for (HubFile f : all) {
            String n = f.name();
            if (n.contains("/")) {
                continue;
            }
            if (SUPPORT_FILES.contains(n)) {
                support.add(f);
            } else if (n.equals("model.safetensors") || n.equals("model.safetensors.index.json")
                    || SAFETENSORS_SHARD.matcher(n).matches()) {
                safetensors.add(f);
            } else if (n.equals("pytorch_model.bin") || n.equals("pytorch_model.bin.index.json")
                    || BIN_SHARD.matcher(n).matches()) {
                bin.add(f);
            }
        }
        List<HubFile> out = new ArrayList<>(support);
        out.addAll(pickWeights(safetensors.isEmpty() ? bin : safetensors));
        return out;
    }

    private static List<HubFile> pickWeights(List<HubFile> weights) {
        // a single file wins over shards when both are present
        for (HubFile f : weights) {
            if (f.name().equals("model.safetensors") || f.name().equals("pytorch_model.bin")) {
                return List.of(f);
            }
        }
        return weights;
    }

    /** What a finished download brought. */
    public record Result(Path folder, List<String> fetched, List<String> skipped, long bytesTransferred) {
    }

    /**
     * Downloads the files a model folder needs into {@code out}, creating it; files already
     * complete are kept, {@code .part} files are continued. Writes {@value ModelFolders#ORIGIN_FILE}
     * naming the source.
     */
    public Result download(String id, String revision, Path out, DownloadListener listener) throws HubException {
        List<HubFile> files = select(listFiles(id, revision));
        if (files.stream().noneMatch(f -> f.name().endsWith(".safetensors") || f.name().endsWith(".bin")
                || f.name().endsWith(".index.json"))) {
            throw new HubException(id + " has no model weights (model.safetensors or pytorch_model.bin) at "
                    + endpoint + " revision " + revision);
        }
        String other = otherModel(out, id);
        if (other != null) {
            throw new HubException(other);
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new HubException("cannot create " + out + ": " + e.getMessage(), e);
        }
        try {
            // noted before the first file, so that an interrupted download is known as this one's when run again
            // (the origin note is written only once every file is there)
            Files.writeString(out.resolve(IN_PROGRESS), id + "\n");
        } catch (IOException e) {
            throw new HubException("cannot write " + out.resolve(IN_PROGRESS) + ": " + e.getMessage(), e);
        }
        DownloadListener l = listener == null ? (f, d, t, x) -> { } : listener;
        long total = 0;
        for (HubFile f : files) {
            total = f.size() < 0 || total < 0 ? -1 : total + f.size();
        }
        long[] done = {0};
        long[] transferred = {0};
        List<String> fetched = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Map<String, Object> record = new LinkedHashMap<>();
        String commit = null;
        for (HubFile f : files) {
            Path dest = out.resolve(f.name());
            if (f.size() >= 0 && Files.isRegularFile(dest) && sizeOf(dest) == f.size()
                    && (f.sha256() == null || f.sha256().equals(sha256Of(dest)))) {
                skipped.add(f.name());
                done[0] += f.size();
                l.note(f.name() + " already complete");
                l.progress(f.name(), done[0], total, transferred[0]);
                record.put(f.name(), fileRecord(f.size(), f.sha256()));
                continue;
            }
            Fetched got = fetch(id, revision, f, dest, total, done, transferred, l);
            if (got.commit() != null) {
                commit = got.commit();
            }
            fetched.add(f.name());
            record.put(f.name(), fileRecord(got.size(), got.sha256()));
        }
        writeOrigin(out, id, revision, commit, record);
        delete(out.resolve(IN_PROGRESS));
        return new Result(out, fetched, skipped, transferred[0]);
    }

    private record Fetched(long size, String sha256, String commit) {
    }

    /**
     * Why a download of {@code id} must not go into {@code out}, or null: the folder already holds
     * a model (a config or weights) that no earlier download of the same id left there (its
     * origin note missing or naming another), so that no user's model is written over or mixed
     * with another's files.
     */
    static String otherModel(Path out, String id) {
        if (!Files.isDirectory(out)) {
            return Files.exists(out) ? out + " is a file, not a folder" : null;
        }
        boolean model = false;
        try (var files = Files.list(out)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String n = p.getFileName().toString();
                if (n.equals("config.json") || n.endsWith(".safetensors") || n.endsWith(".bin")) {
                    model = true;
                    break;
                }
            }
        } catch (IOException e) {
            return out + " cannot be listed: " + e.getMessage();
        }
        if (!model) {
            return null;
        }
        String from = null;
        try {
            from = JSON.readTree(out.resolve(ModelFolders.ORIGIN_FILE).toFile()).path("id").asText(null);
        } catch (IOException | RuntimeException e) {
            // no note, or one that cannot be read: not a download of ours
        }
        try {
            if (id.equals(from) || Files.isRegularFile(out.resolve(IN_PROGRESS))
                    && Files.readString(out.resolve(IN_PROGRESS)).strip().equals(id)) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable note says nothing
        }
        return out + " already holds a model" + (from == null ? "" : " downloaded from " + from) + ": download "
                + id + " into a new folder (--out), so that nothing there is written over";
    }

    /** Where a part file's source is noted: the id, revision, commit and checksum it was begun from. */
    private static Path partNote(Path part) {
        return part.resolveSibling(part.getFileName() + ".origin");
    }

    private static String partSource(String id, String revision, String commit, String sha) {
        return id + "\n" + revision + "\n" + (commit == null ? "" : commit) + "\n" + (sha == null ? "" : sha) + "\n";
    }

    /**
     * Whether a part file may be continued by this response: it was begun by a download of the
     * same id and revision (its note says so) and, where both are known, of the same commit and
     * checksum. A part from anywhere else is begun again: appending to it could join two files.
     */
    private static boolean resumable(Path part, String id, String revision, String commit, String sha) {
        try {
            String[] n = Files.readString(partNote(part)).split("\n", -1);
            if (n.length < 4 || !n[0].equals(id) || !n[1].equals(revision)) {
                return false;
            }
            boolean sameCommit = n[2].isEmpty() || commit == null || n[2].equals(commit);
            boolean sameSha = n[3].isEmpty() || sha == null || n[3].equals(sha);
            return sameCommit && sameSha;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A complete file whose SHA-256 is not the one the hub announced. */
    private static final class ChecksumMismatch extends HubException {
        ChecksumMismatch(String message) {
            super(message);
        }
    }

    private Fetched fetch(String id, String revision, HubFile f, Path dest, long total, long[] done,
                          long[] transferred, DownloadListener l) throws HubException {
        Path part = dest.resolveSibling(dest.getFileName() + ".part");
        URI uri = endpoint.resolve(endpoint.getPath() + "/" + id + "/resolve/" + encode(revision) + "/"
                + encode(f.name()));
        boolean toldBadHeader = false;
        for (int attempt = 0; ; attempt++) {
            long have = Files.isRegularFile(part) ? sizeOf(part) : 0;
            if (f.size() >= 0 && have > f.size()) {
                delete(part);
                have = 0;
            }
            if (have > 0 && attempt == 0) {
                l.note(f.name() + ": resuming at " + have + " bytes");
            }
            Response r;
            try {
                r = open(uri, have, id, f.name());
            } catch (MalformedResponse e) {
                if (have == 0 || toldBadHeader) {
                    throw e;
                }
                toldBadHeader = true;
                l.warning(e.getMessage() + "; the partial file is discarded and the file fetched again from byte 0");
                delete(part);
                continue;
            }
            try (Body body = new Body(r.response().body())) {
                if (r.badHeader() != null && !toldBadHeader) {
                    toldBadHeader = true;
                    l.warning(f.name() + ": the hub sent a malformed " + r.badHeader() + " header"
                            + (have > 0 ? "; the partial file is discarded and the file fetched again from byte 0"
                            : "; the file's size is checked another way"));
                    if (have > 0) {
                        delete(part);
                        continue;
                    }
                }
                int status = r.response().statusCode();
                long expectedSize = f.size();
                String sha = f.sha256() != null ? f.sha256() : r.sha256();
                if (have > 0 && (status == 206 || status == 416)
                        && !resumable(part, id, revision, r.commit(), sha)) {
                    l.warning(f.name() + ": the partial file was not begun by this download (or the file changed"
                            + " on the hub since); it is discarded and the file fetched again from byte 0");
                    delete(part);
                    if (attempt > 0) {
                        throw new HubException(f.name() + ": the server keeps answering with a part of another file");
                    }
                    continue;
                }
                if (status == 416) {
                    // the part already holds every byte, or the server disagrees about its size
                    if (expectedSize >= 0 && have == expectedSize) {
                        return finish(f, part, dest, have, sha, r.commit());
                    }
                    delete(part);
                    if (attempt > 0) {
                        throw new HubException(f.name() + ": the server refused every byte range");
                    }
                    continue;
                }
                boolean append;
                if (status == 206 && have > 0) {
                    String header = r.response().headers().firstValue("Content-Range").orElse("");
                    long[] range = contentRange(header);
                    if (range == null || range[0] != have) {
                        // not the range asked for: start over once, without a range
                        l.warning(f.name() + ": the server answered the request for bytes " + have + "- with "
                                + (range == null ? "a malformed Content-Range header '" + printable(header) + "'"
                                : "bytes " + range[0] + "-") + "; the partial file is discarded and the file "
                                + "fetched again from byte 0");
                        delete(part);
                        if (attempt > 0) {
                            throw new HubException(f.name() + ": the server answered a different byte range");
                        }
                        continue;
                    }
                    if (expectedSize < 0 && range[2] >= 0) {
                        expectedSize = range[2];
                    }
                    append = true;
                } else if (status == 200 || status == 206) {
                    append = false;
                    have = 0;
                } else {
                    checkStatus(status, id, f.name(), uri);
                    throw new HubException(f.name() + ": unexpected HTTP status " + status + " from " + r.uri());
                }
                if (expectedSize < 0) {
                    expectedSize = r.linkedSize() >= 0 ? r.linkedSize()
                            : status == 200 ? size(r.response().headers().firstValue("Content-Length").orElse("")) : -1;
                }
                if (!append) {
                    // what this part is begun from, so that only the same file continues it
                    try {
                        Files.writeString(partNote(part), partSource(id, revision, r.commit(), sha));
                    } catch (IOException e) {
                        throw new HubException("cannot write " + partNote(part) + ": " + e.getMessage(), e);
                    }
                }
                done[0] += have;
                long size = copy(body, part, append, f.name(), have, expectedSize, total, done, transferred, l);
                if (expectedSize >= 0 && size < expectedSize) {
                    throw interrupted(f.name(), size, expectedSize, null);
                }
                if (expectedSize >= 0 && size > expectedSize) {
                    delete(part);
                    throw new HubException(f.name() + ": received " + size + " bytes but the hub announced "
                            + expectedSize + "; the partial file was removed, run the command again");
                }
                if (f.size() < 0 && r.linkedSize() < 0 && sha == null) {
                    // the hub vouched for neither size nor checksum: a Content-Length is only the
                    // server's (an error page sent with one is as long as it says)
                    checkUnverified(f.name(), part, size);
                }
                try {
                    return finish(f, part, dest, size, sha, r.commit());
                } catch (ChecksumMismatch e) {
                    if (!append || attempt > 0) {
                        throw e;
                    }
                    // the old part may have come from elsewhere: fetch the whole file once more
                    l.warning(f.name() + ": resumed file failed its checksum, downloading it again");
                    done[0] -= size;
                    continue;
                }
            } catch (IOException e) {
                if (e instanceof HubException h) {
                    throw h;
                }
                throw new HubException(f.name() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * A file whose end nothing could confirm (the hub published neither its size nor its SHA-256,
     * and the connection simply closed) is read before it gets its real name: a safetensors file
     * must be as long as its header says and open, a {@code .bin} must open through the
     * restricted reader, a JSON file must parse. A safetensors file cut short keeps its part for
     * resuming; any other failure removes the part, since resuming it could only keep the fault.
     */
    private static void checkUnverified(String name, Path part, long size) throws HubException {
        String why = " (the hub published no size or checksum for it, so it was checked by reading it)";
        String problem = null;
        if (name.endsWith(".safetensors")) {
            long declared = Checkpoints.declaredSafetensorsLength(part);
            if (declared > size) {
                throw new HubException(name + ": the transfer ended after " + size + " bytes but the file's header "
                        + "describes " + (declared == Long.MAX_VALUE ? "more" : declared + " bytes") + why
                        + "; run the same command again to resume");
            }
        }
        if (name.endsWith(".safetensors") || name.endsWith(".bin")) {
            try (Checkpoint c = Checkpoints.open(part)) {
                c.names();
            } catch (CheckpointException | RuntimeException e) {
                problem = e.getMessage();
            }
        } else if (name.endsWith(".json")) {
            try {
                JSON.readTree(part.toFile());
            } catch (IOException | RuntimeException e) {
                problem = "not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                        ? j.getOriginalMessage() : e.getMessage());
            }
        }
        if (problem != null) {
            delete(part);
            throw new HubException(name + ": the downloaded file is unusable: "
                    + problem.replace(part.toString(), name) + why + "; the partial file was removed, run the "
                    + "command again");
        }
    }

    /** A size header's value: decimal digits only, else -1. */
    static long size(String value) {
        String v = value.trim();
        if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(v);
    }

    /**
     * {@code bytes FIRST-LAST/TOTAL} (TOTAL may be {@code *}) as {first, last, total or -1}, or
     * {@code null} when the header is malformed or describes no byte range.
     */
    static long[] contentRange(String header) {
        Matcher m = CONTENT_RANGE.matcher(header.trim());
        if (!m.matches()) {
            return null;
        }
        long first = size(m.group(1));
        long last = size(m.group(2));
        long total = m.group(3).equals("*") ? -1 : size(m.group(3));
        if (first < 0 || last < first || (!m.group(3).equals("*") && (total < 0 || last >= total))) {
            return null;
        }
        return new long[] {first, last, total};
    }

    /** A header value as it can be shown: control characters escaped, at most 60 characters. */
    private static String printable(String v) {
        StringBuilder b = new StringBuilder();
        for (char c : v.toCharArray()) {
            if (b.length() >= 60) {
                return b + "...";
            }
            b.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }

    private long copy(Body body, Path part, boolean append, String name, long have, long expected, long total,
                      long[] done, long[] transferred, DownloadListener l) throws HubException {
        long size = have;
        try (FileChannel o = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            l.progress(name, done[0], total, transferred[0]);
            while (true) {
                List<ByteBuffer> chunk;
                try {
                    chunk = body.next(idleTimeout);
                } catch (IOException e) {
                    o.force(false);
                    throw interrupted(name, size, expected, e);
                }
                if (chunk == null) {
                    break;
                }
                for (ByteBuffer b : chunk) {
                    int n = b.remaining();
                    while (b.hasRemaining()) {
                        o.write(b);
                    }
                    size += n;
                    done[0] += n;
                    transferred[0] += n;
                }
                l.progress(name, done[0], total, transferred[0]);
            }
        } catch (HubException e) {
            throw e;
        } catch (IOException e) {
            throw new HubException("cannot write " + part + ": " + e.getMessage(), e);
        }
        return size;
    }

    /**
     * A response body read chunk by chunk with a time limit per chunk: the JDK client has no
     * read timeout, and a connection that goes silent must not hold a download forever.
     */
    private static final class Body implements Flow.Subscriber<List<ByteBuffer>>, AutoCloseable {
        private static final Object END = new Object();
        private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private volatile Flow.Subscription subscription;
        private boolean finished;
        private boolean consumed;
        private long periodStart;
        private long periodBytes;

        Body(Flow.Publisher<List<ByteBuffer>> publisher) {
            publisher.subscribe(this);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            queue.add(item);
        }

        @Override
        public void onError(Throwable t) {
            queue.add(t);
        }

        @Override
        public void onComplete() {
            queue.add(END);
        }

        /**
         * The next chunk, or {@code null} at the end of the body.
         *
         * @throws IOException when no data came for {@code period}, or fewer than
         *                     {@value #MIN_BYTES_PER_PERIOD} bytes in one whole period (a trickle)
         */
        @SuppressWarnings("unchecked")
        List<ByteBuffer> next(Duration period) throws IOException {
            if (finished) {
                return null;
            }
            if (consumed) {
                consumed = false;
                subscription.request(1); // only now: the previous chunk has been written
            }
            long periodNanos = period.toNanos();
            if (periodStart == 0) {
                periodStart = System.nanoTime();
            }
            while (true) {
                long left = periodStart + periodNanos - System.nanoTime();
                Object item;
                try {
                    item = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                if (item == null) {
                    endPeriod(period);
                    continue;
                }
                if (item == END) {
                    finished = true;
                    return null;
                }
                if (item instanceof Throwable t) {
                    finished = true;
                    throw t instanceof IOException io ? io : new IOException(t.getMessage(), t);
                }
                List<ByteBuffer> chunk = (List<ByteBuffer>) item;
                for (ByteBuffer b : chunk) {
                    periodBytes += b.remaining();
                }
                if (System.nanoTime() - periodStart >= periodNanos) {
                    endPeriod(period);
                }
                consumed = true;
                return chunk;
            }
        }

        /** A period is over: fail if it brought too little, else start the next one. */
        private void endPeriod(Duration period) throws IOException {
            String secs = period.toMillis() % 1000 == 0 ? period.toSeconds() + " s" : period.toMillis() + " ms";
            if (periodBytes == 0) {
                throw new IOException("no data for " + secs);
            }
            if (periodBytes < MIN_BYTES_PER_PERIOD) {
                throw new IOException("stalled: " + periodBytes + " bytes in " + secs + ", fewer than "
                        + MIN_BYTES_PER_PERIOD);
            }
            periodStart = System.nanoTime();
            periodBytes = 0;
        }

        @Override
        public void close() {
            if (!finished) {
                finished = true;
                Flow.Subscription s = subscription;
                if (s != null) {
                    s.cancel();
                }
            }
        }
    }

    private Fetched finish(HubFile f, Path part, Path dest, long size, String sha, String commit) throws HubException {
        String actual = sha256Of(part);
        if (sha != null && !sha.equals(actual)) {
            delete(part);
            throw new ChecksumMismatch(f.name() + " is corrupt: its SHA-256 is " + actual + " but the hub says " + sha
                    + "; the partial file was removed, run the command again");
        }
        try {
            try {
                Files.move(part, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, dest, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new HubException("cannot rename " + part + " to " + dest + ": " + e.getMessage(), e);
        }
        delete(partNote(part));
        return new Fetched(size, actual, commit);
    }

    /** A response to a file request, after redirects, with what the hub said on the way. */
    private record Response(HttpResponse<Flow.Publisher<List<ByteBuffer>>> response, URI uri, long linkedSize, String sha256,
                            String commit, String badHeader) {
    }

    private Response open(URI start, long from, String id, String name) throws HubException {
        URI uri = start;
        long linkedSize = -1;
        String sha = null;
        String commit = null;
        String badHeader = null;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            boolean ownHost = sameHost(uri, endpoint);
            HttpRequest.Builder b = request(uri, ownHost).GET();
            if (from > 0) {
                b.header("Range", "bytes=" + from + "-");
            }
            HttpResponse<Flow.Publisher<List<ByteBuffer>>> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofPublisher());
            } catch (IOException e) {
                throw hop == 0 ? unreachable(e) : new HubException(name + ": cannot reach " + uri.getHost()
                        + " (where the hub stores the file): " + describe(e), e);
            } catch (IllegalArgumentException e) {
                throw malformed(name, uri, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HubException("interrupted");
            }
            HttpHeaders h = r.headers();
            if (ownHost) {
                // the hub's own answer: X-Linked-* describe the large file behind the redirect,
                // ETag is the SHA-256 for such files and a git hash (not checked) for small ones
                Optional<String> linkedEtag = h.firstValue("X-Linked-Etag");
                String etag = unquote(linkedEtag.orElse(h.firstValue("ETag").orElse(null)));
                if (sha == null && etag != null && SHA256.matcher(etag).matches()) {
                    sha = etag;
                }
                Optional<String> linked = h.firstValue("X-Linked-Size");
                if (linkedSize < 0 && linked.isPresent()) {
                    linkedSize = size(linked.get());
                    if (linkedSize < 0) {
                        badHeader = "X-Linked-Size '" + printable(linked.get()) + "'";
                    }
                }
                commit = h.firstValue("X-Repo-Commit").orElse(commit);
            }
            int status = r.statusCode();
            if (status >= 300 && status < 400 && h.firstValue("Location").isPresent()) {
                new Body(r.body()).close();
                uri = uri.resolve(h.firstValue("Location").get());
                continue;
            }
            return new Response(r, uri, linkedSize, sha, commit, badHeader);
        }
        throw new HubException(name + ": more than " + MAX_REDIRECTS + " redirects from " + start);
    }

    /** A response the JDK's HTTP client refuses to read, for a header it cannot parse. */
    private static final class MalformedResponse extends HubException {
        MalformedResponse(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The JDK's client throws {@link IllegalArgumentException} ("For input string") for a
     * {@code Content-Length} that is not a number; said here in words, with the server named.
     */
    private static MalformedResponse malformed(String what, URI uri, IllegalArgumentException e) {
        return new MalformedResponse(what + ": " + uri.getHost() + " sent a response with a malformed header "
                + "(the HTTP client says: " + printable(String.valueOf(e.getMessage())) + ")", e);
    }

    private HttpRequest.Builder request(URI uri, boolean withToken) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("User-Agent", "LayoutLens")
                .timeout(idleTimeout); // until the response headers; the body has the stall limit
        if (withToken && token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private void checkStatus(int status, String id, String what, URI uri) throws HubException {
        if (status >= 200 && status < 300) {
            return;
        }
        switch (status) {
            case 401, 403 -> throw new HubException(what + ": " + endpoint.getHost() + " refused access (HTTP "
                    + status + "); for a gated or private model accept its terms on the hub and set HF_TOKEN");
            case 404 -> throw new HubException(what + ": not found at " + endpoint + " (HTTP 404); check the id '"
                    + id + "' and the revision, or set HF_TOKEN for a private model");
            case 429 -> throw new HubException(what + ": " + endpoint.getHost()
                    + " is limiting requests (HTTP 429); wait a minute and run the command again");
            default -> throw new HubException(what + ": HTTP " + status + " from " + uri);
        }
    }

    private HubException unreachable(IOException e) {
        return new HubException("cannot reach " + endpoint.getHost() + ": " + describe(e)
                + "; copy a model folder by hand or use --endpoint", e);
    }

    private static HubException interrupted(String name, long have, long expected, IOException cause) {
        return new HubException(name + ": transfer interrupted after " + have + (expected >= 0 ? " of " + expected : "")
                + " bytes" + (cause == null ? "" : " (" + describe(cause) + ")")
                + "; run the same command again to resume", cause);
    }

    private static String describe(Throwable e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "connection timed out";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                return "unknown host (no network, or no name server)";
            }
        }
        String m = e.getMessage();
        Throwable c = e.getCause();
        if ((m == null || m.isBlank()) && c != null) {
            return describe(c);
        }
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static void checkId(String id) throws HubException {
        if (!isHubId(id)) {
            throw new HubException("'" + id + "' is not a hub model id (expected owner/name, e.g. "
                    + "microsoft/layoutlmv2-base-uncased)");
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static boolean sameHost(URI a, URI b) {
        return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort()
                && a.getScheme().equalsIgnoreCase(b.getScheme());
    }

    private static String unquote(String etag) {
        if (etag == null) {
            return null;
        }
        String e = etag.trim();
        if (e.startsWith("W/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e.toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> fileRecord(long size, String sha) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("size", size);
        if (sha != null) {
            m.put("sha256", sha);
        }
        return m;
    }

    private void writeOrigin(Path out, String id, String revision, String commit, Map<String, Object> files)
            throws HubException {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", id);
        o.put("revision", revision);
        if (commit != null) {
            o.put("commit", commit);
        }
        o.put("endpoint", endpoint.toString());
        o.put("downloaded", Instant.now().toString());
        o.put("files", files);
        Path target = out.resolve(ModelFolders.ORIGIN_FILE);
        try {
            // a fresh temporary name: a fixed one could be a link or a folder planted in the way
            com.layoutlens.data.AtomicFiles.write(target,
                    JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(o));
        } catch (IOException e) {
            throw new HubException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    static String sha256Of(Path file) throws HubException {
        try {
            return com.layoutlens.data.Sha256.hexOf(file);
        } catch (IOException e) {
            throw new HubException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static long sizeOf(Path p) throws HubException {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new HubException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path p) throws HubException {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new HubException("cannot delete " + p + ": " + e.getMessage(), e);
        }
    }
}
