package com.layoutlens.spark;

import com.layoutlens.data.Printable;
import com.layoutlens.data.Problem;
import com.layoutlens.data.formats.OutputPlace;
import com.layoutlens.eval.Rules;
import com.layoutlens.model.registry.TokenClassifiers;
import com.layoutlens.service.EvaluationExport;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkException;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The Spark application behind {@code installer/spark-predict.sh}: {@code predict} (and
 * {@code evaluate} with {@code --gold}, and {@code compare} with a second model) over a receipt
 * archive. Run it with
 * {@code spark-submit --class com.layoutlens.spark.SparkPredict}, or in-process with
 * {@code --master local[N]}.
 */
@Command(name = "spark-predict", mixinStandardHelpOptions = true,
        description = {"Label every word of a receipt archive (SROIE layout on any Hadoop file system, or another format"
                + " predict reads) on Apache Spark"
                + " with a model folder, as 'predict' does, and with --gold evaluate it as 'evaluate --json' does.",
                "With --model-b it labels every receipt with a second model too (its files in --out-b) and with"
                        + " --gold compares the two as 'compare --json --pred OUT --pred OUT_B' does.",
                "A receipt that cannot be labelled is reported in the problems file and the others go on."},
        footer = {"Exit codes: 0 every receipt labelled; 1 some receipts not labelled (see the problems file),"
                + " or the job failed; 2 usage error (an option, a folder or model that is not there or not usable),"
                + " or nothing to evaluate or compare (the labels are written, --eval-out or --compare-out is not)."})
public final class SparkPredict implements Callable<Integer> {

    /** Exit code of a job that ran and failed, or left receipts unlabelled. */
    static final int FAILED = 1;
    /** Exit code of a usage error, or of nothing to evaluate or compare. */
    static final int USAGE = 2;

    @Option(names = "--master", paramLabel = "MASTER",
            description = "Spark master (local[2], spark://..., yarn); default: as spark-submit sets it")
    String master;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "model folder: local on every machine, shipped with --archives, or a Hadoop URI")
    String model;

    @Option(names = "--data", required = true, paramLabel = "URI",
            description = "receipt folder: SROIE layout (box/, img/, key/), or any format predict reads (see --data-format)")
    String data;

    @Option(names = "--data-format", defaultValue = com.layoutlens.data.formats.ReceiptFormats.AUTO,
            paramLabel = "auto|NAME",
            description = "format of the receipt folder: auto (default: detected) or one of sroie, hf, funsd, cord,"
                    + " label-studio, ppocr, pdf. Another format than SROIE is read on the driver (copied there first"
                    + " from a remote file system) and staged beside --out for the tasks")
    String dataFormat;

    @Option(names = "--out", required = true, paramLabel = "URI", description = "label folder (csv) or parquet folder")
    String out;

    @Option(names = "--gold", paramLabel = "URI", description = "gold label folder (ID.csv) to evaluate against")
    String gold;

    @Option(names = "--eval-out", paramLabel = "FILE", description = "where the evaluation goes (evaluate --json's form)")
    String evalOut;

    @Option(names = "--keys", paramLabel = "URI",
            description = "folder of SROIE key files (ID.json) for the field scores, as evaluate --keys;"
                    + " without it the gold values are decoded from the gold label files")
    String keys;

    @Option(names = "--rules", paramLabel = "LIST",
            description = "post-processing rules for the evaluation and comparison, as evaluate --rules: " + Rules.SYNTAX)
    String rules;

    @Option(names = "--schema", paramLabel = "NAME|FILE",
            description = "label schema, as predict --schema: sroie, sroie-bio, sroie-iobes, funsd, cord or a JSON file;"
                    + " without it the model folder's own labels (when --model is a local folder), else sroie")
    String schema;

    @Option(names = "--model-b", paramLabel = "DIR",
            description = "a second model folder (found as --model is) to label with and compare with model A")
    String modelB;

    @Option(names = "--out-b", paramLabel = "URI", description = "model B's label folder (csv) or parquet folder")
    String outB;

    @Option(names = "--compare-out", paramLabel = "FILE",
            description = "where the comparison of A (--out) and B (--out-b) goes (compare --json's form); needs --gold")
    String compareOut;

    @Option(names = "--problems", paramLabel = "FILE", description = "problems file; default OUT.problems.txt")
    String problemsFile;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "csv|parquet",
            description = "label files as predict writes them, or one parquet row per word (default ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--batch", defaultValue = "8", paramLabel = "N", description = "windows per forward pass (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "cpu|gpu|auto", description = "(default ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
            description = "partitions of the receipt list; 0 = twice the default parallelism")
    int partitions;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "the engine's threads per executor; 0 = the executor's cores")
    int threads;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code --schema}, else the labels of the model folder when it is on this machine, else null (sroie). */
    private com.layoutlens.data.LabelSet schema(String model) {
        try {
            if (schema != null) {
                return com.layoutlens.data.LabelSet.resolve(schema);
            }
            java.nio.file.Path local = localPath(model);
            if (local == null) {
                return null;
            }
            return java.nio.file.Files.isDirectory(local) ? com.layoutlens.model.registry.ModelSchemas.of(local) : null;
        } catch (com.layoutlens.model.ModelFolderException e) {
            return null; // checkLocalModel has said what is wrong with the folder
        } catch (java.io.IOException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--schema: " + e.getMessage());
        }
    }

    public static void main(String[] args) {
        CommandLine cl = commandLine();
        int code = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(code);
    }

    /**
     * The command line, its failures said in one line without a stack trace (with
     * {@code -Dlayoutlens.debug=true} the trace too): exit code {@value #USAGE} for input that
     * is not there or not usable, {@value #FAILED} for a job that failed.
     */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SparkPredict());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("error: " + Printable.of(message(ex)));
            if (Boolean.getBoolean("layoutlens.debug")) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ex instanceof UsageException || ex instanceof ReceiptJob.InputException ? USAGE : FAILED;
        });
        return cl;
    }

    /**
     * What a failure says: a Spark job that failed by the exception its task threw (the
     * executor's own message, such as a model folder that could not be read there), else the
     * exception's message.
     */
    static String message(Throwable ex) {
        Throwable cause = ex;
        while (cause instanceof SparkException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String text = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (ex instanceof SparkException) {
            int line = text.indexOf('\n');
            return "the job failed: " + (cause == ex && line > 0 ? text.substring(0, line) : text);
        }
        return text;
    }

    /** Bad input said before any work: exit code {@value #USAGE}, the message alone. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (evalOut != null && gold == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--eval-out needs --gold");
        }
        if (compareOut != null && (gold == null || modelB == null)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--compare-out needs --gold and --model-b");
        }
        checkLocalModel("--model", model);
        if (modelB != null) {
            checkLocalModel("--model-b", modelB);
        }
        checkSettings();
        checkOutputs();
        ReceiptJob.Options o;
        try {
            o = new ReceiptJob.Options(model, data, out, gold, format.toLowerCase(Locale.ROOT), batch, device,
                    partitions, threads, null, rules, keys, modelB, outB, schema(model), dataFormat,
                    modelB == null ? null : schema(modelB));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        SparkSession.Builder b = SparkSession.builder().appName("LayoutLens predict");
        if (master != null) {
            b.master(master);
            if (master.startsWith("local")) {
                b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                        .config("spark.ui.enabled", "false");
            }
        }
        boolean running = SparkSession.getDefaultSession().isDefined(); // one this command did not start stays
        SparkSession spark = b.getOrCreate();
        try {
            checkModelFound(spark, "--model", model);
            if (modelB != null) {
                checkModelFound(spark, "--model-b", modelB);
            }
            return run(spark, o);
        } finally {
            if (!running) {
                spark.stop();
            }
        }
    }

    private int run(SparkSession spark, ReceiptJob.Options o) throws java.io.IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ReceiptJob.Summary s = ReceiptJob.run(spark, o);
        String problems = problemsFile != null ? problemsFile : o.out() + ".problems.txt";
        StringBuilder text = new StringBuilder();
        for (Problem p : s.problems()) {
            text.append(p).append('\n');
            err.println(p);
        }
        write(spark, problems, text.toString());
        boolean nothing = false;
        if (s.evaluation() != null && evalOut != null) {
            if (s.evaluation().receipts() == 0) {
                nothing = true;
                s.evaluation().problems().forEach(err::println);
                err.println("error: nothing to evaluate: no gold receipt has a matching prediction in " + o.out()
                        + " (" + s.goldFiles() + " gold files in " + o.gold() + "); " + evalOut + " not written");
            } else {
                write(spark, evalOut, EvaluationExport.evaluationJson(s.evaluation(), s.causes())
                        + System.lineSeparator());
            }
        }
        if (s.comparison() != null && compareOut != null) {
            if (s.comparison().a().receipts() == 0) {
                nothing = true;
                err.println("error: nothing to compare: no gold receipt has a matching prediction in both "
                        + o.out() + " and " + o.outB() + " (" + s.goldFiles() + " gold files in " + o.gold() + "); "
                        + compareOut + " not written");
            } else {
                write(spark, compareOut, EvaluationExport.comparisonJson(s.comparison(), o.out(), o.outB())
                        + System.lineSeparator());
            }
        }
        stdout.printf(Locale.ROOT, "%d of %d receipts labelled (%d words) -> %s in %.1fs on %s"
                        + " (%d partitions); %d problem(s) in %s%n",
                s.written(), s.receipts(), s.words(), o.out(), s.seconds(), spark.sparkContext().master(),
                s.partitions(), s.problems().size(), problems);
        if (o.modelB() != null) {
            stdout.printf(Locale.ROOT, "model B: %d of %d receipts labelled -> %s%n", s.writtenB(),
                    s.receipts(), o.outB());
        }
        stdout.flush();
        err.flush();
        if (nothing) {
            return USAGE;
        }
        return s.failed() == 0 && s.failedB() == 0 && s.skipped() == 0 ? 0 : FAILED;
    }

    /** Settings the executors would fail on, said here once: the device, the engine's threads, the partitions. */
    private void checkSettings() {
        if (!com.layoutlens.model.Devices.isChoice(device)) {
            throw new UsageException("--device must be cpu, gpu, gpuN or auto, not '" + device + "'");
        }
        if (threads < 0 || threads > 1024) {
            throw new UsageException("--threads must be between 0 (the executor's cores) and 1024, got " + threads);
        }
        if (partitions < 0 || partitions > 1_000_000) {
            throw new UsageException("--partitions must be between 0 (twice the default parallelism) and 1000000, got "
                    + partitions);
        }
    }

    /** A path on this machine ({@code /x}, {@code x}, {@code file:/x}), or null for another file system. */
    static java.nio.file.Path localPath(String uri) {
        if (uri == null) {
            return null;
        }
        if (uri.startsWith("file:")) {
            try {
                return java.nio.file.Path.of(new java.net.URI(uri));
            } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                return null;
            }
        }
        return uri.contains("://") ? null : java.nio.file.Path.of(uri);
    }

    /**
     * What the job writes never lands on what it reads, nor on another of its outputs, as
     * {@code predict} and {@code evaluate} refuse: the label folders (--out, --out-b) are
     * neither the receipt folder nor a folder its receipts are read from, nor the gold or key
     * folder, nor a model folder, nor one another; the files (--problems, --eval-out,
     * --compare-out) are not in such a folder, not in a label folder, and not one another. Paths
     * on this machine only: a remote file system cannot be resolved here.
     */
    void checkOutputs() {
        String problems = problemsFile != null ? problemsFile : ReceiptJob.trimSlash(out) + ".problems.txt";
        java.nio.file.Path dataDir = localPath(data);
        Map<String, java.nio.file.Path> folders = new LinkedHashMap<>();
        folders.put("--out", localPath(out));
        folders.put("--out-b", localPath(outB));
        Map<String, java.nio.file.Path> files = new LinkedHashMap<>();
        files.put("--problems", localPath(problems));
        files.put("--eval-out", localPath(evalOut));
        files.put("--compare-out", localPath(compareOut));
        Map<String, java.nio.file.Path> read = new LinkedHashMap<>();
        read.put("the gold folder (--gold)", localPath(gold));
        read.put("the key folder (--keys)", localPath(keys));
        read.put("the model folder (--model)", localPath(model));
        read.put("the model folder (--model-b)", localPath(modelB));
        for (Map.Entry<String, java.nio.file.Path> f : folders.entrySet()) {
            java.nio.file.Path p = f.getValue();
            if (p == null) {
                continue;
            }
            if (dataDir != null) {
                String why = OutputPlace.refusal(p, dataDir, null);
                if (why != null) {
                    throw new UsageException(f.getKey() + ": " + why);
                }
            }
            java.nio.file.Path target = OutputPlace.real(p);
            for (Map.Entry<String, java.nio.file.Path> r : read.entrySet()) {
                java.nio.file.Path q = r.getValue();
                if (q != null && OutputPlace.within(target, OutputPlace.real(q))) {
                    throw new UsageException(f.getKey() + " " + p + " overlaps " + r.getKey() + " " + q
                            + ": write the labels to a folder of their own");
                }
            }
        }
        if (format.equalsIgnoreCase("parquet")) {
            for (Map.Entry<String, java.nio.file.Path> f : folders.entrySet()) {
                java.nio.file.Path p = f.getValue();
                if (p != null && java.nio.file.Files.exists(p)) {
                    // Spark refuses to write a parquet folder over one, after the whole job has run
                    throw new UsageException(f.getKey() + " " + p + " already exists: parquet output goes to a new"
                            + " folder");
                }
            }
        }
        java.nio.file.Path a = folders.get("--out");
        java.nio.file.Path b = folders.get("--out-b");
        if (a != null && b != null && (OutputPlace.within(OutputPlace.real(a), OutputPlace.real(b))
                || OutputPlace.within(OutputPlace.real(b), OutputPlace.real(a)))) {
            throw new UsageException("--out-b " + b + " is --out " + a + " or lies in it (or --out in it): model A's"
                    + " and model B's labels need folders of their own");
        }
        List<java.nio.file.Path> written = new ArrayList<>();
        for (Map.Entry<String, java.nio.file.Path> f : files.entrySet()) {
            java.nio.file.Path p = f.getValue();
            if (p == null) {
                continue;
            }
            java.nio.file.Path target = OutputPlace.real(p);
            java.nio.file.Path parent = target.getParent();
            if (dataDir != null && parent != null && !OutputPlace.same(parent, OutputPlace.real(dataDir))) {
                String why = OutputPlace.refusal(parent, dataDir, null);
                if (why != null) {
                    throw new UsageException(f.getKey() + " " + p + ": " + why);
                }
            }
            if (dataDir != null && OutputPlace.same(target, OutputPlace.real(dataDir))) {
                throw new UsageException(f.getKey() + " " + p + " is the receipt folder being read");
            }
            Map<String, java.nio.file.Path> others = new LinkedHashMap<>(read);
            others.put("the label folder (--out)", a);
            others.put("the label folder (--out-b)", b);
            for (Map.Entry<String, java.nio.file.Path> r : others.entrySet()) {
                if (r.getValue() != null && OutputPlace.within(target, OutputPlace.real(r.getValue()))) {
                    throw new UsageException(f.getKey() + " " + p + " lies in " + r.getKey() + " " + r.getValue()
                            + ": write it to a file of its own");
                }
            }
            for (java.nio.file.Path w : written) {
                if (OutputPlace.same(target, w)) {
                    throw new UsageException(f.getKey() + " " + p + " is also another output file of this job:"
                            + " give each its own file");
                }
            }
            if (java.nio.file.Files.isDirectory(target)) {
                throw new UsageException(f.getKey() + " " + p + " is a folder: give a file");
            }
            written.add(target);
        }
    }

    /**
     * A model folder on this machine is checked as a load would check it (its small files and
     * weight headers, no tensor data) before Spark starts, so that a folder that is no model is
     * said once here rather than by every task that tries to open it.
     */
    private static void checkLocalModel(String option, String model) {
        java.nio.file.Path local = java.nio.file.Path.of(model);
        if (model.contains("://") || !java.nio.file.Files.isDirectory(local)) {
            return;
        }
        List<String> problems = new ArrayList<>(TokenClassifiers.check(local));
        if (com.layoutlens.model.registry.ModelFamilies.tokenizerFileNames().stream()
                .noneMatch(n -> java.nio.file.Files.exists(local.resolve(n)))) {
            // every task would fail on it, each with its own stack trace
            problems.add("no tokenizer (" + String.join(", ", com.layoutlens.model.registry.ModelFamilies.tokenizerFileNames())
                    + ")");
        }
        if (!problems.isEmpty()) {
            throw new UsageException(option + " " + model + ": not a usable model folder: "
                    + String.join("; ", problems));
        }
    }

    /**
     * A model the executors would not find is said before the job: a Hadoop URI that is not
     * there, or in local mode a path that is no folder. (On a cluster a plain name may be a
     * folder shipped with {@code --archives} that only the executors have, so it is left to them.)
     */
    private static void checkModelFound(SparkSession spark, String option, String model) throws java.io.IOException {
        boolean local = spark.sparkContext().isLocal();
        if (!model.contains("://") && (!local || java.nio.file.Files.isDirectory(java.nio.file.Path.of(model)))) {
            return;
        }
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(model);
        FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!fs.exists(p)) {
            throw new UsageException(option + " " + model + ": no such model folder");
        }
        if (!fs.getFileStatus(p).isDirectory()) {
            throw new UsageException(option + " " + model + ": not a folder");
        }
    }

    private static void write(SparkSession spark, String file, String text) throws java.io.IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(file);
        FileSystem fs = ReceiptJob.outputFs(p, spark.sparkContext().hadoopConfiguration());
        try (FSDataOutputStream os = fs.create(p, true)) {
            os.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
