package com.layoutlens.model.predict;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.TagProbabilities;
import com.layoutlens.data.Word;
import com.layoutlens.model.Devices;
import com.layoutlens.model.ForwardShape;
import com.layoutlens.model.LabelNames;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.TokenClassifier;
import com.layoutlens.model.registry.TokenClassifiers;
import com.layoutlens.model.encode.PageImage;
import com.layoutlens.model.encode.BoxLevel;
import com.layoutlens.model.encode.ReceiptEncoder;
import com.layoutlens.model.encode.TotalSegments;
import com.layoutlens.model.encode.WordTokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Labels receipts word by word with a model folder of the LayoutLM family: LayoutLM (text
 * and layout), LayoutLMv2 or LayoutLMv3 (also the page image), chosen by the folder's
 * {@code model_type}. For v2 and v3 each receipt's image is read once and prepared as the
 * processor does ({@link PageImage} for v2, {@link TokenClassifier#preparePage}); every window
 * of the receipt sees the whole page. A
 * receipt whose image is missing or unreadable is reported and skipped.
 *
 * <p>Receipts are taken in chunks; their windows are sorted by length and batched with
 * padding only to the longest window of each batch (dynamic padding), which saves most of
 * the work on short receipts. Every batch gets its own {@link NDManager}, closed when the
 * batch is done, so memory stays flat however many receipts go through. A word's label is
 * the arg-max class at its first sub-token in the window where it has the most context,
 * mapped onto the schema's tags ({@link LabelNames#mapping}); its score is that class's softmax
 * probability, and its {@link LabelRow#probs() tag probabilities} are the softmax at the same
 * sub-token, one per tag of the schema in {@link LabelSet#tags()} order (the classes that map
 * to one tag summed; a tag no class maps to 0). A model tagged in another scheme of the schema's
 * types predicts in its own and its rows are written in the schema's ({@link SchemeBridge}). A receipt that fails is reported in its
 * {@link Result} and the others go on.
 *
 * <p>A model folder trained with the split at the first total keyword ({@link TotalSegments})
 * is run with the same token types: every path that opens a folder here (predict, the app's
 * model runs, the Spark job) repeats it without being told.
 */
public final class ReceiptPredictor implements AutoCloseable {

    /**
     * @param batchSize windows per forward pass
     * @param maxLength tokens per window, special tokens included; 0 means the model's
     *                  {@code max_position_embeddings} (at most 512)
     * @param stride    tokens shared by consecutive windows of a long receipt; -1 means a quarter window
     * @param boxLevel  word- or segment-level boxes for the model's input; null means the model
     *                  folder's own choice ({@link BoxLevel#ofFolder}), word level for a model in memory
     */
    public record Settings(int batchSize, int maxLength, int stride, BoxLevel boxLevel) {

        public Settings {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
            }
        }

        /** The folder's own box level. */
        public Settings(int batchSize, int maxLength, int stride) {
            this(batchSize, maxLength, stride, null);
        }

        public static Settings defaults() {
            return new Settings(8, 0, -1);
        }

        public Settings withBoxLevel(BoxLevel level) {
            return new Settings(batchSize, maxLength, stride, level);
        }
    }

    /** One receipt's word labels, or why there are none. */
    public record Result(Receipt receipt, List<LabelRow> rows, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /**
     * What the forward passes so far covered: windows, batches, text tokens and the positions
     * they were padded to (text tokens only), and the time spent from padded arrays to classes.
     */
    public record Work(long windows, long batches, long tokens, long paddedTokens, long forwardNanos) {
    }

    /**
     * The largest array a batch may make on the CPU ({@link #batchEnds}). Measured with
     * {@code BatchCostBenchmark} (base-size LayoutLM, 2 threads): the cost per padded token falls
     * as windows are added to a batch (946 us a token for one window of 128 tokens, 612 for
     * eight) until the attention scores pass about 64 MB; eight windows of 512 tokens (101 MB of
     * scores a layer) cost 835 us a token against 639 for four (50 MB).
     */
    static final long LARGEST_CPU_ARRAY_BYTES = 64L << 20;

    /**
     * Changes whenever a change to the prediction code changes scores, even in the last bit
     * (here: the encoder's layers over the windows' tokens without their padding): caches of
     * earlier results are keyed by it, so that results of an earlier version are not mixed with
     * new ones.
     */
    public static final String NUMERICS = "4";

    /**
     * {@link #NUMERICS}, with the switches that change scores in their last bits when they are
     * off ({@code -Dlayoutlens.fusedKernels=false}, {@code -Dlayoutlens.packing=false}), so that
     * results computed with them off are not mixed with the others in a cache.
     */
    public static String numerics() {
        if (com.layoutlens.model.nn.ScriptedModule.Shared.switchedOff()) {
            return NUMERICS + " without fused kernels";
        }
        return com.layoutlens.model.nn.Packing.enabled() ? NUMERICS : NUMERICS + " padded layers";
    }

    /** Receipts encoded per chunk: bounds what is held in memory at once. */
    private static final int CHUNK_BATCHES = 8;

    private final TokenClassifier model;
    private final BoxLevel boxLevel;
    private final WordTokenizer tokenizer;
    private final ReceiptEncoder encoder;
    /** The tags the model predicts in: the schema's, or the same types in the model's own scheme. */
    private final LabelSet labelSet;
    /** The schema the rows are written in (see {@link SchemeBridge}). */
    private final LabelSet written;
    private final int[] classToLabel;
    private final int batchSize;
    private long windowsRun;
    private long batchesRun;
    private long tokensRun;
    private long paddedRun;
    private long forwardNanos;

    private ReceiptPredictor(TokenClassifier model, WordTokenizer tokenizer, ReceiptEncoder encoder,
                              LabelSet labelSet, LabelSet written, int[] classToLabel, int batchSize,
                              BoxLevel boxLevel) {
        this.boxLevel = boxLevel;
        this.model = model;
        this.tokenizer = tokenizer;
        this.encoder = encoder;
        this.labelSet = labelSet;
        this.written = written;
        this.classToLabel = classToLabel;
        this.batchSize = batchSize;
    }

    /**
     * Loads a model folder: config, weights and tokenizer, all checked before anything is
     * predicted.
     *
     * @throws ModelFolderException naming the file or tensor that is wrong
     */
    public static ReceiptPredictor open(Path folder, Device device, LabelSet labelSet, Settings settings)
            throws ModelFolderException {
        // the cheap checks first, so that a wrong folder fails before the weights are read
        TokenClassifiers.Description config = TokenClassifiers.describe(folder);
        LabelNames.mapping(config.labels(), SchemeBridge.predictIn(config.labels(), labelSet),
                folder.resolve("config.json").toString());
        if (settings.maxLength() > config.maxTextLength()) {
            throw new ModelFolderException(folder + ": windows of " + settings.maxLength() + " tokens exceed the model's "
                    + config.maxTextLength() + " positions");
        }
        Settings resolved = settings.boxLevel() != null ? settings : settings.withBoxLevel(BoxLevel.ofFolder(folder));
        boolean totalSegments = TotalSegments.ofFolder(folder);
        WordTokenizer tokenizer = WordTokenizer.load(folder);
        TokenClassifier model = null;
        try {
            TokenClassifiers.checkTokenizer(config, tokenizer, folder);
            model = TokenClassifiers.load(folder, device);
            if (totalSegments) {
                TotalSegments.requireTokenTypes(model.typeVocabSize(), folder.resolve("config.json").toString());
            }
            return create(model, tokenizer, labelSet, resolved, totalSegments);
        } catch (ModelFolderException | RuntimeException e) {
            tokenizer.close();
            if (model != null) {
                model.close();
            }
            throw e;
        }
    }

    /**
     * A predictor over a model already in memory (just fine-tuned, or built for a
     * benchmark); it takes ownership of both and closes them.
     */
    public static ReceiptPredictor create(TokenClassifier model, WordTokenizer tokenizer, LabelSet labelSet,
                                           Settings settings) throws ModelFolderException {
        return create(model, tokenizer, labelSet, settings, false);
    }

    /**
     * As {@link #create(TokenClassifier, WordTokenizer, LabelSet, Settings)}, with token types split
     * at the receipt's first total keyword when {@code totalSegments} is set.
     */
    public static ReceiptPredictor create(TokenClassifier model, WordTokenizer tokenizer, LabelSet labelSet,
                                           Settings settings, boolean totalSegments) throws ModelFolderException {
        LabelSet predictIn = SchemeBridge.predictIn(model.labels(), labelSet);
        int[] mapping = LabelNames.mapping(model.labels(), predictIn, "the model's labels");
        int maxLength = settings.maxLength() == 0 ? Math.min(512, model.maxTextLength()) : settings.maxLength();
        if (maxLength > model.maxTextLength()) {
            throw new ModelFolderException("windows of " + maxLength + " tokens exceed the model's "
                    + model.maxTextLength() + " positions");
        }
        int stride = settings.stride() < 0 ? Math.max(0, (maxLength - 2) / 4) : settings.stride();
        long[][] specials = model.specialTokenBoxes();
        ReceiptEncoder encoder = new ReceiptEncoder(tokenizer, maxLength, stride, specials[0], specials[1]);
        return new ReceiptPredictor(model, tokenizer, totalSegments ? encoder.withTotalSegments() : encoder, predictIn,
                labelSet, mapping, settings.batchSize(), settings.boxLevel() == null ? BoxLevel.WORD : settings.boxLevel());
    }

    /** Whether words reach the model with their own boxes or their segment's. */
    public BoxLevel boxLevel() {
        return boxLevel;
    }

    /** The model, of any family. */
    public TokenClassifier model() {
        return model;
    }

    public ReceiptEncoder encoder() {
        return encoder;
    }

    /** The work done by this predictor since it was made (batches that failed included). */
    public synchronized Work work() {
        return new Work(windowsRun, batchesRun, tokensRun, paddedRun, forwardNanos);
    }

    /** Labels one receipt. */
    public Result predict(Receipt receipt) {
        List<Result> out = new ArrayList<>();
        predict(List.of(receipt), out::add, null);
        return out.get(0);
    }

    /**
     * Labels receipts, handing each result to {@code sink} as soon as its chunk is done
     * (results come in input order).
     *
     * @param progress called with (receipts done, total); may be null
     */
    public void predict(List<Receipt> receipts, Consumer<Result> sink, BiConsumer<Integer, Integer> progress) {
        predict(receipts, sink, progress, () -> false);
    }

    /**
     * As {@link #predict(List, Consumer, BiConsumer)}, stopping between batches once
     * {@code cancelled} says so; results already handed over stay valid.
     *
     * @throws CancellationException when cancelled before every receipt was labelled
     */
    public void predict(List<Receipt> receipts, Consumer<Result> sink, BiConsumer<Integer, Integer> progress,
                        BooleanSupplier cancelled) {
        // this thread's own MKL settings: a thread that never pinned them (a Spark task, a pool
        // thread of the app) would let MKL choose fewer threads for small products and change bits
        Devices.pinThreadCount();
        int chunk = chunkSize(batchSize);
        int[] done = {0};
        Runnable labelled = () -> {
            done[0]++;
            if (progress != null) {
                progress.accept(done[0], receipts.size());
            }
        };
        for (int from = 0; from < receipts.size(); from += chunk) {
            List<Receipt> part = receipts.subList(from, Math.min(receipts.size(), from + chunk));
            for (Result r : predictChunk(part, cancelled, labelled)) {
                sink.accept(r);
            }
        }
    }

    /**
     * Receipts encoded and batched together: windows are batched within a chunk only, so the
     * chunks decide which windows share a forward pass. A distributed run that must give the
     * same scores to the last bit cuts its receipt list at the same places (and so a chunk is
     * also the smallest piece of work a Spark partition takes). Only the encodings are held for
     * the whole chunk, with the pages of the receipts whose windows have not all run yet.
     */
    public static int chunkSize(int batchSize) {
        return Math.max(1, batchSize * CHUNK_BATCHES);
    }

    /** A receipt in flight: its words, windows and, per word, the best class and probability. */
    private static final class Job {
        final Receipt receipt;
        List<Word> words;
        ReceiptEncoder.Encoded encoded;
        int[] wordClass;
        float[] wordScore;
        double[][] wordProbs;
        float[] image;
        /** Windows not yet run. */
        int pending;
        String error;

        Job(Receipt receipt) {
            this.receipt = receipt;
        }
    }

    private record Slot(Job job, int window) {
        int length() {
            return job.encoded.windows().get(window).length();
        }
    }

    /**
     * @param labelled called once per receipt as soon as every window of it has run (or it
     *                 failed), before the chunk's results are handed over
     */
    private List<Result> predictChunk(List<Receipt> receipts, BooleanSupplier cancelled, Runnable labelled) {
        List<Job> jobs = new ArrayList<>();
        List<Slot> slots = new ArrayList<>();
        for (Receipt r : receipts) {
            Job job = new Job(r);
            jobs.add(job);
            try {
                job.words = r.words();
                job.encoded = encoder.encode(boxLevel.apply(r, job.words), r.width(), r.height(), null);
                if (model.needsImage() && r.image() == null) {
                    job.error = "no image (this model reads the page image)";
                    continue;
                }
                job.wordClass = new int[job.words.size()];
                job.wordScore = new float[job.words.size()];
                job.wordProbs = new double[job.words.size()][];
                Arrays.fill(job.wordClass, -1);
                for (int w = 0; w < job.encoded.windows().size(); w++) {
                    slots.add(new Slot(job, w));
                }
                job.pending = job.encoded.windows().size();
            } catch (RuntimeException e) {
                job.error = "could not be encoded: " + message(e);
            }
        }
        if (model.needsImage()) {
            preparePages(jobs);
        }
        for (Job job : jobs) {
            if (job.pending == 0) {
                labelled.run(); // failed before any window, or no window at all
            }
        }
        slots.removeIf(slot -> slot.job.error != null);
        slots.sort(Comparator.comparingInt(Slot::length));
        int[] lengths = new int[slots.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = slots.get(i).length();
        }
        int[] ends = batchEnds(lengths, batchSize, model.forwardShape(),
                model.device().isGpu() ? Long.MAX_VALUE : LARGEST_CPU_ARRAY_BYTES);
        for (int i = 0, b = 0; i < slots.size(); i = ends[b++]) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("prediction cancelled");
            }
            List<Slot> batch = slots.subList(i, ends[b]);
            try {
                run(batch);
            } catch (RuntimeException e) {
                // find the culprit: run the windows one by one
                for (Slot s : batch) {
                    if (s.job.error != null) {
                        continue;
                    }
                    try {
                        run(List.of(s));
                    } catch (RuntimeException e1) {
                        s.job.error = "prediction failed: " + message(e1);
                    }
                }
            }
            for (Slot s : slots.subList(i, ends[b])) {
                if (--s.job.pending == 0) {
                    s.job.image = null; // its last window has run: the page is not needed any more
                    labelled.run();
                }
            }
        }
        List<Result> results = new ArrayList<>();
        for (Job job : jobs) {
            results.add(job.error != null ? new Result(job.receipt, List.of(), job.error) : rows(job));
        }
        return results;
    }

    /** The most pages decoded at once. */
    static final int PAGE_THREADS = 4;

    /**
     * What one page's decoding may hold at once, at most: the largest decoded scan (B, G, R
     * bytes of {@link com.layoutlens.data.InputLimits#DECODE_PIXELS} pixels) and a third as
     * much again for the resize's float rows.
     */
    static final long PAGE_BYTES = 4 * com.layoutlens.data.InputLimits.DECODE_PIXELS;

    /**
     * Decodes and resizes the chunk's pages, as many at once as there are cores, at most
     * {@link #PAGE_THREADS} and at most as many as a quarter of the heap holds at
     * {@link #PAGE_BYTES} each: no forward pass runs meanwhile, so the cores the passes use would
     * otherwise wait. A page that cannot be read is its receipt's problem.
     */
    private void preparePages(List<Job> jobs) {
        List<Job> todo = jobs.stream().filter(j -> j.error == null && j.pending > 0).toList();
        long byMemory = Math.max(1, Runtime.getRuntime().maxMemory() / 4 / PAGE_BYTES);
        int threads = (int) Math.min(Math.min(todo.size(), byMemory),
                Math.min(PAGE_THREADS, Runtime.getRuntime().availableProcessors()));
        java.util.function.Consumer<Job> prepare = job -> {
            try {
                job.image = model.preparePage(job.receipt.image());
            } catch (IOException | RuntimeException e) {
                job.error = "image could not be read: " + message(e);
                job.pending = 0;
            }
        };
        inParallel(todo, threads, prepare);
        if (!todo.isEmpty()) {
            // the decoded scans (up to 160 MB each, on several threads) are garbage now; the
            // collector gives their memory back to the system only when it runs, so the forward
            // passes would start with them still resident: LayoutLMv2 base on 64 SROIE receipts,
            // peak resident 3.30 -> 2.93 GB, for one pause of about 60 ms a chunk
            System.gc();
        }
    }

    /**
     * Runs {@code task} once for each item, on {@code threads} threads (the calling one among
     * them), each thread taking the next item not yet taken. An {@link Error} on any thread
     * stops the others taking more and is thrown here, as it would be on one thread.
     */
    static <T> void inParallel(List<T> items, int threads, Consumer<T> task) {
        if (threads <= 1) {
            items.forEach(task);
            return;
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Error> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Runnable worker = () -> {
            try {
                for (int i = next.getAndIncrement(); i < items.size() && failed.get() == null;
                     i = next.getAndIncrement()) {
                    task.accept(items.get(i));
                }
            } catch (Error e) {
                failed.compareAndSet(null, e);
            }
        };
        List<Thread> helpers = new ArrayList<>();
        for (int t = 1; t < threads; t++) {
            Thread helper = new Thread(worker, "page-preparation-" + t);
            helper.setDaemon(true);
            helper.start();
            helpers.add(helper);
        }
        worker.run();
        for (Thread t : helpers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                next.set(items.size()); // the helpers stop after their current item
                Thread.currentThread().interrupt();
                throw new CancellationException("prediction interrupted");
            }
        }
        if (failed.get() != null) {
            throw failed.get();
        }
    }

    /**
     * How windows sorted by length share forward passes: each batch takes the next windows while
     * it has fewer than {@code maxWindows} and its largest array (attention scores or feed-forward
     * activations, {@link ForwardShape#largestArrayBytes}) stays within {@code maxArrayBytes}; a
     * window too long for the limit on its own still gets a batch of one.
     *
     * <p>On the CPU the limit is {@link #LARGEST_CPU_ARRAY_BYTES}: with base-size LayoutLM, eight
     * windows up to 418 tokens, five of 512; on a GPU only {@code maxWindows} counts.
     *
     * @param sortedLengths window lengths in text tokens, ascending
     * @return for each batch, the index after its last window
     */
    public static int[] batchEnds(int[] sortedLengths, int maxWindows, ForwardShape shape, long maxArrayBytes) {
        int[] ends = new int[sortedLengths.length];
        int batches = 0;
        for (int from = 0; from < sortedLengths.length; ) {
            int end = from + 1;
            while (end < sortedLengths.length && end - from < maxWindows
                    && shape.largestArrayBytes(end - from + 1, sortedLengths[end]) <= maxArrayBytes) {
                end++;
            }
            ends[batches++] = end;
            from = end;
        }
        return Arrays.copyOf(ends, batches);
    }

    /** One padded forward pass over windows of similar length. */
    private void run(List<Slot> batch) {
        int b = batch.size();
        List<ReceiptEncoder.Window> windows = new ArrayList<>(b);
        for (Slot s : batch) {
            windows.add(s.job.encoded.windows().get(s.window));
        }
        long start = System.nanoTime();
        ReceiptEncoder.Padded padded = ReceiptEncoder.pad(windows, model.padTokenId(), false);
        int length = padded.length();
        // the words each window labels, and the first sub-token each is read at: the model's last
        // layer and head run at those positions only
        int[][] read = new int[b][];
        int reads = 1;
        for (int r = 0; r < b; r++) {
            Job job = batch.get(r).job;
            int window = batch.get(r).window;
            int n = 0;
            int[] words = new int[job.words.size()];
            for (int word = 0; word < words.length; word++) {
                if (job.encoded.wordWindow()[word] == window) {
                    words[n++] = word;
                }
            }
            read[r] = Arrays.copyOf(words, n);
            reads = Math.max(reads, n);
        }
        long[] rows = new long[b * reads]; // unused places read position 0 and are ignored
        for (int r = 0; r < b; r++) {
            Job job = batch.get(r).job;
            for (int i = 0; i < read[r].length; i++) {
                rows[r * reads + i] = job.encoded.wordToken()[read[r][i]];
            }
        }
        synchronized (this) {
            windowsRun += b;
            batchesRun++;
            paddedRun += (long) b * length;
            for (ReceiptEncoder.Window w : windows) {
                tokensRun += w.length();
            }
        }
        int classes = model.labels().size();
        float[] probs;
        try (NDManager m = model.manager().newSubManager()) {
            NDArray idArray = m.create(padded.inputIds(), new Shape(b, length));
            NDArray boxArray = m.create(padded.bbox(), new Shape(b, length, 4));
            NDArray maskArray = m.create(padded.attentionMask(), new Shape(b, length));
            NDArray typeArray = padded.tokenTypes() == null ? null : m.create(padded.tokenTypes(), new Shape(b, length));
            NDArray imageArray = null;
            if (model.needsImage()) {
                int[] page = model.pageShape();
                int plane = page[0] * page[1] * page[2];
                float[] pixels = new float[b * plane];
                for (int r = 0; r < b; r++) {
                    System.arraycopy(batch.get(r).job.image, 0, pixels, r * plane, plane);
                }
                imageArray = m.create(pixels, new Shape(b, page[0], page[1], page[2]));
            }
            NDArray logits = model.logitsAt(idArray, boxArray, maskArray, typeArray, imageArray,
                    m.create(rows, new Shape(b, reads)));
            probs = logits.softmax(-1).toFloatArray();
        } finally {
            long spent = System.nanoTime() - start;
            synchronized (this) {
                forwardNanos += spent;
            }
        }
        for (int r = 0; r < b; r++) {
            Job job = batch.get(r).job;
            for (int i = 0; i < read[r].length; i++) {
                int word = read[r][i];
                int base = (r * reads + i) * classes;
                int best = 0;
                boolean finite = true;
                for (int c = 0; c < classes; c++) {
                    finite &= Float.isFinite(probs[base + c]);
                    if (probs[base + c] > probs[base + best]) {
                        best = c;
                    }
                }
                if (!finite && job.error == null) {
                    // NaN or infinite logits: no label can be read from them, and no score is one
                    job.error = notFinite();
                }
                job.wordClass[word] = best;
                job.wordScore[word] = probs[base + best];
                double[] tagProbs = new double[labelSet.tags().size()];
                for (int c = 0; c < classes; c++) {
                    tagProbs[classToLabel[c]] += probs[base + c];
                }
                job.wordProbs[word] = tagProbs;
            }
        }
    }

    /** Why a receipt got no labels when the model's outputs for it are NaN or infinite. */
    private String notFinite() {
        List<String> weights = model.report().nonFinite();
        return "the model " + (model.folder() == null ? "in memory" : model.folder().toString())
                + " gave outputs that are not finite (NaN or infinite logits) for this receipt"
                + (weights.isEmpty() ? "" : "; its weights hold NaN or infinite values: "
                + String.join(", ", weights.subList(0, Math.min(3, weights.size())))
                + (weights.size() > 3 ? " and " + (weights.size() - 3) + " more tensors" : ""));
    }

    private Result rows(Job job) {
        List<LabelRow> rows = new ArrayList<>(job.words.size());
        for (int i = 0; i < job.words.size(); i++) {
            int c = job.wordClass[i];
            if (c < 0) {
                // a word without any sub-token (a tokenizer without an unknown token): nothing to predict from
                rows.add(LabelRow.of(job.words.get(i), labelSet.outside(), null));
            } else {
                double score = Math.min(1.0, Math.max(0.0, job.wordScore[i]));
                double[] p = job.wordProbs[i];
                for (int t = 0; t < p.length; t++) {
                    p[t] = Math.min(1.0, Math.max(0.0, p[t]));
                }
                rows.add(LabelRow.of(job.words.get(i), labelSet.tag(classToLabel[c]), score,
                        new TagProbabilities(labelSet.tags(), p)));
            }
        }
        return new Result(job.receipt, written == labelSet ? rows : SchemeBridge.rewrite(rows, labelSet, written), null);
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }
}
