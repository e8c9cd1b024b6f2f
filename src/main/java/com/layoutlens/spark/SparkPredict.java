package com.layoutlens.spark;

import com.layoutlens.data.Problem;
import com.layoutlens.eval.Rules;
import com.layoutlens.service.EvaluationExport;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
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
        footer = {"Exit codes: 0 every receipt labelled; 1 some receipts not labelled (see the problems file);"
                + " 2 usage error."})
public final class SparkPredict implements Callable<Integer> {

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

    /** {@code --schema}, else the labels of a local model folder, else null (sroie). */
    private com.layoutlens.data.LabelSet schema() {
        try {
            if (schema != null) {
                return com.layoutlens.data.LabelSet.resolve(schema);
            }
            java.nio.file.Path local = java.nio.file.Path.of(model);
            return java.nio.file.Files.isDirectory(local) ? com.layoutlens.model.registry.ModelSchemas.of(local) : null;
        } catch (com.layoutlens.model.ModelFolderException e) {
            return null; // the job opens the model and reports what is wrong with it
        } catch (java.io.IOException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--schema: " + e.getMessage());
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkPredict()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (evalOut != null && gold == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--eval-out needs --gold");
        }
        if (compareOut != null && (gold == null || modelB == null)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--compare-out needs --gold and --model-b");
        }
        ReceiptJob.Options o;
        try {
            o = new ReceiptJob.Options(model, data, out, gold, format.toLowerCase(Locale.ROOT), batch, device,
                    partitions, threads, null, rules, keys, modelB, outB, schema(), dataFormat);
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
        SparkSession spark = b.getOrCreate();
        try {
            ReceiptJob.Summary s = ReceiptJob.run(spark, o);
            String problems = problemsFile != null ? problemsFile : o.out() + ".problems.txt";
            StringBuilder text = new StringBuilder();
            for (Problem p : s.problems()) {
                text.append(p).append('\n');
                System.err.println(p);
            }
            write(spark, problems, text.toString());
            if (s.evaluation() != null && evalOut != null) {
                write(spark, evalOut, EvaluationExport.evaluationJson(s.evaluation(), s.causes()) + System.lineSeparator());
            }
            if (s.comparison() != null && compareOut != null) {
                write(spark, compareOut, EvaluationExport.comparisonJson(s.comparison(), o.out(), o.outB())
                        + System.lineSeparator());
            }
            System.out.printf(Locale.ROOT, "%d of %d receipts labelled (%d words) -> %s in %.1fs on %s"
                            + " (%d partitions); %d problem(s) in %s%n",
                    s.written(), s.receipts(), s.words(), o.out(), s.seconds(), spark.sparkContext().master(),
                    s.partitions(), s.problems().size(), problems);
            if (o.modelB() != null) {
                System.out.printf(Locale.ROOT, "model B: %d of %d receipts labelled -> %s%n", s.writtenB(),
                        s.receipts(), o.outB());
            }
            return s.failed() == 0 && s.failedB() == 0 && s.skipped() == 0 ? 0 : 1;
        } finally {
            spark.stop();
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
