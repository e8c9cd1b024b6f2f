package com.layoutlens.spark;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.InputLimits;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.OcrCorrections;
import com.layoutlens.data.Problem;
import com.layoutlens.eval.Comparison;
import com.layoutlens.eval.ComparisonCounts;
import com.layoutlens.eval.EvalCounts;
import com.layoutlens.eval.EvalFolders;
import com.layoutlens.eval.Evaluation;
import com.layoutlens.eval.Evaluator;
import com.layoutlens.eval.Matcher;
import com.layoutlens.eval.Rules;
import com.layoutlens.model.predict.ReceiptPredictor;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The distributed {@code predict} (and, with gold labels, {@code evaluate}) over a receipt
 * archive on any Hadoop file system.
 *
 * <p>The driver lists the folder; each partition's task reads its receipts' files whole
 * (box, image, key and gold files, each checked against {@link InputLimits} by its listed size
 * before a byte is read) into a private local folder, reads it with {@link Dataset#load} and
 * labels it with {@link ReceiptPredictor} exactly as {@code predict} does, the model loaded
 * once per executor ({@link ModelHolder}). Label files are the bytes {@code predict} writes;
 * a task writes them under {@code OUT/_temporary/} and moves them into {@code OUT/} only when
 * all of its receipts are done, so a failed or killed attempt leaves nothing but its own
 * temporary folder (removed at the end), and a retry writes the same files. With
 * {@code --format parquet} the rows go through Spark's own file committer instead.
 *
 * <p>The evaluation runs in the tasks too: each partition evaluates its receipts with the
 * same code as {@code evaluate} (the predictions as read back from their label files, the gold
 * label files, the key files and rules when given), and the driver sums the {@link EvalCounts}
 * and computes the figures once.
 *
 * <p>With a second model ({@code modelB}) every partition labels its receipts with both, B's
 * label files going to their own folder, and with gold labels compares them as {@code compare}
 * does ({@link ComparisonCounts}, summed on the driver in receipt order and finished by the same
 * step as {@code compare}).
 */
public final class ReceiptJob {

    /**
     * What a run needs; serialised to every task.
     *
     * @param rules  {@code evaluate --rules}' value for the evaluation and comparison, or null
     * @param keys   {@code evaluate --keys}' folder (SROIE key files) for the field scores, or null
     * @param modelB a second model folder to label with and compare, or null
     * @param outB   where model B's label files (or parquet rows) go; given exactly when modelB is
     * @param schema the label schema the models' tags and the gold labels are read in (null: sroie)
     * @param dataFormat the format of {@code data}: {@code auto} (null: the same) or a reader's name
     */
    public record Options(String model, String data, String out, String gold, String format, int batch,
                          String device, int partitions, int threads, FailurePlan failure, String rules,
                          String keys, String modelB, String outB, LabelSet schema, String dataFormat,
                          LabelSet schemaB)
            implements Serializable {
        /**
         * @param schemaB the schema model B's label files are written in (predict's for that model), or
         *                null: {@code schema}'s
         */
        public Options {
            schema = schema == null ? LabelSet.sroie() : schema;
            schemaB = schemaB == null ? schema : schemaB;
            dataFormat = dataFormat == null ? com.layoutlens.data.formats.ReceiptFormats.AUTO : dataFormat;
            if (!format.equals("csv") && !format.equals("parquet")) {
                throw new IllegalArgumentException("--format must be csv or parquet, not " + format);
            }
            if (batch < 1) {
                throw new IllegalArgumentException("--batch must be at least 1");
            }
            if ((modelB == null) != (outB == null)) {
                throw new IllegalArgumentException("--model-b and --out-b go together");
            }
            if (keys != null && gold == null) {
                throw new IllegalArgumentException("--keys needs --gold");
            }
            try {
                Rules.parse(rules);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--rules: " + e.getMessage() + " (syntax: " + Rules.SYNTAX + ")", e);
            }
            data = trimSlash(data);
            out = trimSlash(out);
            gold = gold == null ? null : trimSlash(gold);
            keys = keys == null ? null : trimSlash(keys);
            outB = outB == null ? null : trimSlash(outB);
            if (out.equals(outB)) {
                throw new IllegalArgumentException("--out-b must be another folder than --out");
            }
        }

        /** The data folder detected ({@code auto}). */
        public Options(String model, String data, String out, String gold, String format, int batch, String device,
                       int partitions, int threads, FailurePlan failure, String rules, String keys, String modelB,
                       String outB, LabelSet schema) {
            this(model, data, out, gold, format, batch, device, partitions, threads, failure, rules, keys, modelB, outB,
                    schema, null, null);
        }

        /** One model, no rules, no key folder. */
        public Options(String model, String data, String out, String gold, String format, int batch, String device,
                       int partitions, int threads, FailurePlan failure) {
            this(model, data, out, gold, format, batch, device, partitions, threads, failure, null, null, null, null, null);
        }

        /** These options with rules and a key folder for the evaluation. */
        public Options withEvaluation(String rules, String keys) {
            return new Options(model, data, out, gold, format, batch, device, partitions, threads, failure, rules, keys,
                    modelB, outB, schema, dataFormat, schemaB);
        }

        /** These options with a second model to label with (its files in outB) and compare. */
        public Options withModelB(String modelB, String outB) {
            return new Options(model, data, out, gold, format, batch, device, partitions, threads, failure, rules, keys,
                    modelB, outB, schema, dataFormat, schemaB);
        }

        /** These options over another label schema (BIO or IOBES tags, another label set). */
        public Options withSchema(LabelSet s) {
            return new Options(model, data, out, gold, format, batch, device, partitions, threads, failure, rules, keys,
                    modelB, outB, s, dataFormat, null);
        }

        /** These options over a data folder of another format ({@code auto}: detected). */
        public Options withDataFormat(String f) {
            return new Options(model, data, out, gold, format, batch, device, partitions, threads, failure, rules, keys,
                    modelB, outB, schema, f, schemaB);
        }

        /** The evaluator of the evaluation and comparison: the schema's, with the rules. */
        Evaluator evaluator() {
            return Evaluator.of(schema, Rules.parse(rules));
        }
    }

    /**
     * A fault for tests: the first attempt of one partition fails after it has written
     * {@code afterFiles} label files, as a task killed half-way would.
     */
    public record FailurePlan(int partition, int afterFiles) implements Serializable {
    }

    /**
     * What the run did.
     *
     * @param written    receipts labelled by model A (written by B: {@code writtenB})
     * @param failed     receipts model A could not label ({@code failedB} for B)
     * @param evaluation model A's evaluation, with gold labels; else null
     * @param comparison A against B, with gold labels and a model B; else null
     * @param causes     model A's wrong words by cause per entity label, with gold labels; else null
     * @param goldFiles  the label files in the gold folder (0 without one)
     */
    public record Summary(long receipts, long written, long failed, long skipped, long words,
                          List<Problem> problems, Evaluation evaluation, int partitions, double seconds,
                          long writtenB, long failedB, Comparison comparison,
                          Map<String, Map<com.layoutlens.eval.ErrorCause, Long>> causes, int goldFiles) {
    }

    /**
     * The job's input cannot be listed (a receipt, gold or key folder that is not there or not
     * a folder, a file system that refuses the listing); nothing was labelled. The message names
     * the folder as the user gave it.
     */
    public static final class InputException extends IOException {
        private static final long serialVersionUID = 1L;

        InputException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** One partition's outcome. */
    record Part(long receipts, Labelled a, Labelled b, long skipped, List<Problem> problems,
                EvalCounts evaluation, ComparisonCounts comparison) implements Serializable {

        /** The same outcome without its parquet rows (once they are written). */
        Part withoutRows() {
            return new Part(receipts, a.withoutRows(), b == null ? null : b.withoutRows(), skipped, problems,
                    evaluation, comparison);
        }
    }

    /** What one model did in a partition. */
    record Labelled(long written, long failed, long words, List<Row> rows) implements Serializable {

        Labelled withoutRows() {
            return new Labelled(written, failed, words, List.of());
        }
    }

    static final StructType WORD_SCHEMA = new StructType()
            .add("receipt", DataTypes.StringType, false)
            .add("segment", DataTypes.IntegerType, false)
            .add("word", DataTypes.IntegerType, false)
            .add("x0", DataTypes.IntegerType, false)
            .add("y0", DataTypes.IntegerType, false)
            .add("x1", DataTypes.IntegerType, false)
            .add("y1", DataTypes.IntegerType, false)
            .add("text", DataTypes.StringType, false)
            .add("label", DataTypes.StringType, false)
            .add("score", DataTypes.DoubleType, true);

    private ReceiptJob() {
    }

    /**
     * Runs the job on a session; the label files (or parquet rows) are in {@code out} when it
     * returns. A data folder of another format than SROIE is staged first ({@link FormatStaging}).
     */
    public static Summary run(SparkSession spark, Options o) throws IOException {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        FormatStaging.Staged staged = FormatStaging.stage(o.data(), o.dataFormat(), o.out(), o.schema(), hadoop);
        try {
            return run(spark, o, staged);
        } finally {
            FormatStaging.remove(staged.dir(), hadoop);
        }
    }

    private static Summary run(SparkSession spark, Options o, FormatStaging.Staged staged) throws IOException {
        long start = System.nanoTime();
        // what this run writes is newer than this (file times kept to the second at worst)
        long since = System.currentTimeMillis() / 1000 * 1000;
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = sc.hadoopConfiguration();
        ReceiptFiles.Listing listing;
        try {
            listing = ReceiptFiles.list(staged.dir() != null ? staged.dir() : o.data(), o.data(),
                    o.gold(), o.keys(), hadoop);
        } catch (IOException e) {
            throw new InputException(e.getMessage(), e);
        }
        List<List<ReceiptFiles>> groups = partition(listing.receipts(),
                o.partitions() > 0 ? o.partitions() : sc.defaultParallelism() * 2,
                ReceiptPredictor.chunkSize(o.batch()));
        int partitions = Math.max(1, groups.size());
        int threads = o.threads() > 0 ? o.threads() : executorCores(spark);
        SerializableConf conf = new SerializableConf(hadoop);
        org.apache.hadoop.fs.Path outDir = new org.apache.hadoop.fs.Path(o.out());
        FileSystem outFs = outputFs(outDir, hadoop);
        boolean csv = o.format().equals("csv");
        org.apache.hadoop.fs.Path outDirB = o.outB() == null ? null : new org.apache.hadoop.fs.Path(o.outB());
        FileSystem outFsB = outDirB == null ? null : outputFs(outDirB, hadoop);
        if (csv) {
            outFs.mkdirs(outDir);
            if (outDirB != null) {
                outFsB.mkdirs(outDirB);
            }
        }
        boolean hasImages = listing.hasImages();
        boolean hasKeys = listing.hasKeys();
        // one group per partition: parallelize gives each of n elements its own slice of n
        JavaRDD<List<ReceiptFiles>> input = sc.parallelize(groups, partitions);
        JavaRDD<Part> parts = input.mapPartitionsWithIndex((index, it) -> {
            List<ReceiptFiles> mine = new ArrayList<>();
            it.forEachRemaining(mine::addAll);
            return List.of(runPartition(index, mine.iterator(), o, conf, threads, hasImages, hasKeys)).iterator();
        }, true);
        List<Part> done;
        if (csv) {
            done = parts.collect();
        } else {
            parts = parts.persist(StorageLevel.MEMORY_AND_DISK());
            JavaRDD<Row> rows = parts.flatMap(p -> p.a().rows().iterator());
            spark.createDataFrame(rows, WORD_SCHEMA).write().parquet(o.out());
            if (o.outB() != null) {
                JavaRDD<Row> rowsB = parts.flatMap(p -> p.b().rows().iterator());
                spark.createDataFrame(rowsB, WORD_SCHEMA).write().parquet(o.outB());
            }
            done = parts.map(Part::withoutRows).collect();
            parts.unpersist(false);
        }
        if (csv) {
            outFs.delete(new org.apache.hadoop.fs.Path(outDir, "_temporary"), true);
            if (outDirB != null) {
                outFsB.delete(new org.apache.hadoop.fs.Path(outDirB, "_temporary"), true);
            }
        }
        LinkedHashSet<Problem> problems = new LinkedHashSet<>(staged.problems());
        problems.addAll(listing.problems());
        if (csv) {
            java.util.Set<String> ids = new java.util.TreeSet<>(listing.unusable());
            ids.addAll(staged.skipped());
            listing.receipts().forEach(r -> ids.add(r.id()));
            problems.addAll(removeStale(outDir, outFs, ids, since));
            if (outDirB != null) {
                problems.addAll(removeStale(outDirB, outFsB, ids, since));
            }
        }
        // receipts whose box file is no file are left out as predict leaves them out: counted and skipped
        long receipts = listing.unusable().size() + staged.skipped().size(), written = 0, failed = 0;
        long skipped = listing.unusable().size() + staged.skipped().size(), words = 0;
        long writtenB = 0, failedB = 0;
        boolean keysFromLabels = o.keys() == null;
        EvalCounts eval = o.gold() == null ? null : EvalCounts.empty(o.schema(), keysFromLabels);
        ComparisonCounts cmp = o.gold() == null || o.modelB() == null ? null
                : ComparisonCounts.empty(o.schema(), keysFromLabels);
        for (Part p : done) { // in receipt order: partition i holds the i-th group
            receipts += p.receipts();
            written += p.a().written();
            failed += p.a().failed();
            skipped += p.skipped();
            words += p.a().words();
            if (p.b() != null) {
                writtenB += p.b().written();
                failedB += p.b().failed();
            }
            problems.addAll(p.problems());
            if (eval != null) {
                eval.add(p.evaluation());
            }
            if (cmp != null) {
                cmp.add(p.comparison());
            }
        }
        Evaluator evaluator = o.evaluator();
        Evaluation evaluation = null;
        Comparison comparison = null;
        if (eval != null) {
            eval.addProblems(goldWithoutReceipt(listing, o.out()));
            evaluation = eval.toEvaluation(evaluator);
        }
        if (cmp != null) {
            cmp.addProblems(goldWithoutReceipt(listing, o.out()), goldWithoutReceipt(listing, o.outB()));
            comparison = cmp.toComparison(evaluator);
        }
        return new Summary(receipts, written, failed, skipped, words, List.copyOf(problems), evaluation, partitions,
                (System.nanoTime() - start) / 1e9, writtenB, failedB, comparison,
                eval == null ? null : eval.causes(evaluator.labelSet()), listing.goldFiles());
    }

    /**
     * Removes the predictions an earlier run left in a label folder on this machine for receipts
     * of this folder that this run did not label (older than the run: every file it wrote is
     * newer), as {@code predict} does ({@link com.layoutlens.service.StalePredictions}), so that
     * an evaluation of the folder never mixes two models. A folder on another file system is left
     * as it is.
     */
    private static List<Problem> removeStale(org.apache.hadoop.fs.Path dir, FileSystem fs, java.util.Set<String> ids,
                                             long since) throws IOException {
        List<Problem> out = new ArrayList<>();
        if ("file".equals(fs.getUri().getScheme())) {
            com.layoutlens.service.StalePredictions.remove(Path.of(fs.makeQualified(dir).toUri()), dir.toString(), ids,
                    (id, file) -> {
                        try {
                            return Files.getLastModifiedTime(file).toMillis() >= since;
                        } catch (IOException e) {
                            return true; // a file that cannot be looked at is left alone
                        }
                    }, out);
        }
        return out;
    }

    /** What matching a prediction folder reports for gold files whose receipt is not in the data. */
    private static List<Problem> goldWithoutReceipt(ReceiptFiles.Listing listing, String out) {
        List<Problem> goldOnly = new ArrayList<>();
        for (String id : listing.goldWithoutReceipt()) {
            goldOnly.add(Problem.error(out + "/" + id + ".csv", 0,
                    "no prediction for gold receipt " + id + "; left out of every figure"));
        }
        return goldOnly;
    }

    /**
     * Cuts the receipt list (in id order, as {@code predict} reads it) into at most
     * {@code wanted} consecutive groups made of whole predictor chunks, so that every window
     * meets the same neighbours in its forward pass as in {@code predict} and gets the same
     * scores to the last bit. Fewer groups than wanted when there are fewer chunks.
     */
    static List<List<ReceiptFiles>> partition(List<ReceiptFiles> receipts, int wanted, int chunk) {
        int chunks = (receipts.size() + chunk - 1) / chunk;
        int perGroup = Math.max(1, (chunks + Math.max(1, wanted) - 1) / Math.max(1, wanted)) * chunk;
        List<List<ReceiptFiles>> groups = new ArrayList<>();
        for (int from = 0; from < receipts.size(); from += perGroup) {
            groups.add(new ArrayList<>(receipts.subList(from, Math.min(receipts.size(), from + perGroup))));
        }
        return groups;
    }

    /** Cores per executor: N of {@code local[N]}, else {@code spark.executor.cores}, else this machine's. */
    static int executorCores(SparkSession spark) {
        String master = spark.sparkContext().master();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\d+|\\*)(,\\d+)?]").matcher(master);
        if (m.matches()) {
            return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
        }
        if (master.equals("local")) {
            return 1;
        }
        return spark.sparkContext().getConf().getInt("spark.executor.cores",
                Runtime.getRuntime().availableProcessors());
    }

    // ------------------------------------------------------------------ in the task

    static Part runPartition(int index, Iterator<ReceiptFiles> it, Options o, SerializableConf conf, int threads,
                             boolean hasImages, boolean hasKeys) throws IOException {
        List<ReceiptFiles> files = new ArrayList<>();
        it.forEachRemaining(files::add);
        if (files.isEmpty()) {
            Labelled none = new Labelled(0, 0, 0, List.of());
            boolean keysFromLabels = o.keys() == null;
            return new Part(0, none, o.modelB() == null ? null : none, 0, List.of(),
                    o.gold() == null ? null : EvalCounts.empty(o.schema(), keysFromLabels),
                    o.gold() == null || o.modelB() == null ? null
                            : ComparisonCounts.empty(o.schema(), keysFromLabels));
        }
        TaskContext task = TaskContext.get();
        int attempt = task == null ? 0 : task.attemptNumber();
        long attemptId = task == null ? 0 : task.taskAttemptId();
        removeLeftovers(Path.of(System.getProperty("java.io.tmpdir")), "layoutlens-part-");
        Path tmp = Files.createTempDirectory("layoutlens-part-" + ProcessHandle.current().pid() + "-" + index + "-");
        try {
            return labelPartition(index, files, o, conf.get(), threads, hasImages, hasKeys, tmp, attempt, attemptId);
        } finally {
            deleteTree(tmp);
        }
    }

    private static Part labelPartition(int index, List<ReceiptFiles> files, Options o, Configuration conf,
                                       int threads, boolean hasImages, boolean hasKeys, Path tmp, int attempt,
                                       long attemptId) throws IOException {
        Path box = Files.createDirectories(tmp.resolve(Dataset.BOX));
        Path img = hasImages ? Files.createDirectories(tmp.resolve(Dataset.IMG)) : null;
        Path key = hasKeys ? Files.createDirectories(tmp.resolve(Dataset.KEY)) : null;
        Path corrections = Files.createDirectories(tmp.resolve(OcrCorrections.DIR));
        Path gold = o.gold() == null ? null : Files.createDirectories(tmp.resolve("gold"));
        Path goldKeys = o.keys() == null ? null : Files.createDirectories(tmp.resolve("gold-keys"));
        Path pred = o.gold() == null ? null : Files.createDirectories(tmp.resolve("pred"));
        Path predB = o.gold() == null || o.modelB() == null ? null : Files.createDirectories(tmp.resolve("pred-b"));
        for (ReceiptFiles f : files) {
            fetch(f.box(), box, InputLimits.MAX_BOX_BYTES, conf);
            if (img != null) {
                fetch(f.image(), img, Long.MAX_VALUE, conf);
            }
            if (key != null) {
                fetch(f.key(), key, InputLimits.MAX_KEY_BYTES, conf);
            }
            if (gold != null) {
                fetch(f.gold(), gold, InputLimits.MAX_LABEL_BYTES, conf);
            }
            if (goldKeys != null) {
                fetch(f.goldKey(), goldKeys, InputLimits.MAX_KEY_BYTES, conf);
            }
            // the words predict reads: the OCR with the user's corrections replayed
            fetch(f.corrections(), corrections, InputLimits.MAX_CORRECTIONS_BYTES, conf);
        }
        LabelSet labelSet = o.schema();
        Dataset ds = Dataset.loadWithoutLabels(tmp, labelSet, null);
        String local = tmp.toString();
        List<Problem> problems = new ArrayList<>();
        for (Problem p : ds.problems()) {
            problems.add(rename(p, local, o.data()));
        }
        Labelled a = label(index, ds, o.model(), o.schema(), o.out(), pred, o, conf, threads, attempt, attemptId,
                o.failure(), problems, "");
        Labelled b = o.modelB() == null ? null : label(index, ds, o.modelB(), o.schemaB(), o.outB(), predB, o, conf,
                threads, attempt, attemptId, null, problems, " (model B)");
        EvalCounts eval = null;
        ComparisonCounts comparison = null;
        if (gold != null) {
            Evaluator evaluator = o.evaluator();
            EvalFolders folders = new EvalFolders(labelSet, gold, goldKeys);
            Map<String, String> names = new java.util.LinkedHashMap<>();
            names.put(gold.toString(), o.gold());
            if (goldKeys != null) {
                names.put(goldKeys.toString(), o.keys());
            }
            Matcher.Result m = folders.match(pred);
            List<Problem> problemsA = renameAll(m.problems(), names, pred, o.out());
            eval = EvalCounts.of(evaluator.evaluate(m.pairs(), !folders.hasKeys(), problemsA));
            if (predB != null) {
                Matcher.Result mb = folders.match(predB);
                // a receipt one model could not label is reported at its label file, as compare does
                comparison = ComparisonCounts.of(evaluator, m.pairs(), mb.pairs(), !folders.hasKeys(), problemsA,
                        renameAll(mb.problems(), names, predB, o.outB()),
                        id -> "csv".equals(o.format()) ? o.out() + "/" + id + ".csv" : id,
                        id -> "csv".equals(o.format()) ? o.outB() + "/" + id + ".csv" : id);
            }
        }
        return new Part(ds.receipts().size() + ds.skipped().size(), a, b, ds.skipped().size(), problems, eval,
                comparison);
    }

    /**
     * Labels a partition's receipts with one model as {@code predict} does and commits its
     * label files into {@code out} (or keeps its parquet rows); with {@code pred}, a local copy
     * of every label file for the evaluation.
     *
     * @param failure a planned failure (tests), or null
     * @param which   what to add to a failed receipt's problem to say which model failed on it
     */
    private static Labelled label(int index, Dataset ds, String model, LabelSet schema, String out, Path pred, Options o,
                                  Configuration conf, int threads, int attempt, long attemptId, FailurePlan failure,
                                  List<Problem> problems, String which) throws IOException {
        ReceiptPredictor predictor = ModelHolder.get(model, o.device(), o.batch(), threads,
                new SerializableConf(conf), schema);
        boolean csv = o.format().equals("csv");
        org.apache.hadoop.fs.Path outDir = new org.apache.hadoop.fs.Path(out);
        FileSystem outFs = outputFs(outDir, conf);
        org.apache.hadoop.fs.Path attemptDir = new org.apache.hadoop.fs.Path(outDir,
                "_temporary/part-" + index + "-attempt-" + attemptId);
        List<String> staged = new ArrayList<>();
        Map<String, Integer> wordsOf = new java.util.HashMap<>();
        List<Row> rows = new ArrayList<>();
        long[] counts = new long[3]; // written, failed, words
        synchronized (predictor) {
            predictor.predict(ds.receipts(), result -> {
                String id = result.receipt().id();
                if (!result.ok()) {
                    counts[1]++;
                    problems.add(Problem.error(o.data() + "/" + Dataset.BOX + "/" + id + ".csv", 0,
                            result.error() + "; skipped" + which));
                    return;
                }
                // the same files as predict without --probs
                String text = LabelFile.format(result.rows().stream().map(LabelRow::withoutProbs).toList());
                try {
                    if (csv) {
                        try (FSDataOutputStream os = outFs.create(new org.apache.hadoop.fs.Path(attemptDir, id + ".csv"),
                                true)) {
                            os.write(text.getBytes(StandardCharsets.UTF_8));
                        }
                        staged.add(id);
                        wordsOf.put(id, result.rows().size());
                    } else {
                        for (LabelRow r : result.rows()) {
                            String score = LabelFile.formatScore(r.score());
                            rows.add(RowFactory.create(id, r.segment(), r.word(), r.box().x0(), r.box().y0(),
                                    r.box().x1(), r.box().y1(), r.text(), r.label(),
                                    score.isEmpty() ? null : Double.valueOf(score)));
                        }
                    }
                    if (pred != null) {
                        Files.writeString(pred.resolve(id + ".csv"), text, StandardCharsets.UTF_8);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(out + "/" + id + ".csv: could not write: " + e.getMessage(), e);
                }
                counts[0]++;
                counts[2] += result.rows().size();
                if (failure != null && failure.partition() == index && attempt == 0
                        && counts[0] >= failure.afterFiles()) {
                    throw new IllegalStateException("planned failure of partition " + index
                            + " after " + counts[0] + " receipts");
                }
            }, null);
        }
        if (csv) {
            // commit: every file of this attempt moves into place; a retry writes the same bytes
            for (String id : staged) {
                org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(outDir, id + ".csv");
                if (outFs.exists(target) && outFs.getFileStatus(target).isDirectory()) {
                    // as predict: that receipt's file is not written, the others are (the job goes on)
                    problems.add(Problem.error(out + "/" + id + ".csv", 0, "cannot write " + out + "/" + id
                            + ".csv: a directory is in the way" + which));
                    outFs.delete(new org.apache.hadoop.fs.Path(attemptDir, id + ".csv"), false);
                    counts[0]--;
                    counts[1]++;
                    counts[2] -= wordsOf.getOrDefault(id, 0);
                    if (pred != null) {
                        Files.deleteIfExists(pred.resolve(id + ".csv")); // not in the folder: not evaluated
                    }
                    continue;
                }
                outFs.delete(target, false);
                if (!outFs.rename(new org.apache.hadoop.fs.Path(attemptDir, id + ".csv"), target)) {
                    throw new IOException(target + ": could not be moved into place");
                }
            }
            outFs.delete(attemptDir, true);
        }
        return new Labelled(counts[0], counts[1], counts[2], rows);
    }

    /** Problems of an evaluation with the task's local folders named as the user named them. */
    private static List<Problem> renameAll(List<Problem> problems, Map<String, String> names, Path pred,
                                           String predName) {
        List<Problem> out = new ArrayList<>();
        for (Problem p : problems) {
            Problem q = rename(p, pred.toString(), predName);
            for (Map.Entry<String, String> e : names.entrySet()) {
                q = rename(q, e.getKey(), e.getValue());
            }
            out.add(q);
        }
        return out;
    }

    /**
     * Copies one file into a local folder under its own name. A file over {@code limit} is
     * not read: a sparse file of its size stands for it, so that the reader refuses it with the
     * message it gives for the original.
     */
    private static void fetch(ReceiptFiles.FileRef ref, Path dir, long limit, Configuration conf) throws IOException {
        if (ref == null) {
            return;
        }
        Path target = dir.resolve(ref.name());
        if (ref.length() > limit) {
            try (RandomAccessFile f = new RandomAccessFile(target.toFile(), "rw")) {
                f.setLength(ref.length());
            }
            return;
        }
        org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(ref.uri());
        try (FSDataInputStream in = src.getFileSystem(conf).open(src);
             OutputStream os = Files.newOutputStream(target)) {
            in.transferTo(os);
        }
    }

    private static Problem rename(Problem p, String local, String name) {
        // whole path components only: the task's "gold" folder is not the start of its "gold-keys"
        String file = p.file();
        if (file != null && (file.equals(local) || file.startsWith(local + "/"))) {
            file = name + file.substring(local.length());
        }
        String message = p.message().replaceAll(java.util.regex.Pattern.quote(local) + "(?![A-Za-z0-9._-])",
                java.util.regex.Matcher.quoteReplacement(name));
        return new Problem(file, p.line(), p.severity(), message);
    }

    /**
     * The file system to write label files on: on the local disk the raw one, so that no
     * checksum file ({@code .ID.csv.crc}) lands beside the label files, which must be what
     * {@code predict} writes and nothing else.
     */
    static FileSystem outputFs(org.apache.hadoop.fs.Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        return fs instanceof org.apache.hadoop.fs.LocalFileSystem local ? local.getRaw() : fs;
    }

    /**
     * Deletes the folders {@code prefix + PID + "-" ...} in {@code dir} whose process is gone on
     * this machine: what a killed task or driver left (copies of its receipts, images included).
     * A folder of a process still running, or of any other name, is left alone.
     *
     * @return how many were deleted
     */
    static int removeLeftovers(Path dir, String prefix) {
        int removed = 0;
        try {
            java.util.regex.Pattern name = java.util.regex.Pattern.compile(
                    java.util.regex.Pattern.quote(prefix) + "(\\d{1,19})-.*");
            for (Path p : com.layoutlens.data.AtomicFiles.ofGoneProcesses(dir, name)) {
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    deleteTree(p);
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // a folder that cannot be listed is no reason to fail the task
        }
        return removed;
    }

    static String trimSlash(String s) {
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temporary file left behind is not worth failing the task
                }
            });
        } catch (IOException ignored) {
            // likewise
        }
    }
}
