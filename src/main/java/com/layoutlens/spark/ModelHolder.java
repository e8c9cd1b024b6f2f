package com.layoutlens.spark;

import com.layoutlens.data.LabelSet;
import com.layoutlens.model.Devices;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.predict.ReceiptPredictor;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One predictor per model folder per JVM: an executor loads the model once, on its first
 * task, and every later task of the job (and of later jobs in the same executor) reuses it.
 * Tasks running at the same time in one executor take turns on it; each forward pass uses
 * the engine's threads, set from the executor's cores before the engine starts.
 */
final class ModelHolder {

    private static final Map<String, ReceiptPredictor> PREDICTORS = new ConcurrentHashMap<>();
    private static final Map<String, Path> LOCAL_COPIES = new ConcurrentHashMap<>();

    private ModelHolder() {
    }

    /**
     * The predictor for a model folder, loaded on first use.
     *
     * @param model   a local folder, the name of a folder shipped with {@code --files}/{@code --archives},
     *                or a Hadoop URI (hdfs://, s3a://...) copied to local disk once
     * @param threads the engine's intra-op threads, applied when the engine has not started yet
     * @param schema  the label schema the model's tags are read in
     */
    static ReceiptPredictor get(String model, String device, int batch, int threads, SerializableConf conf,
                                LabelSet schema) {
        String key = model + "|" + device + "|" + batch + "|" + schema;
        return PREDICTORS.computeIfAbsent(key, k -> {
            if (threads > 0 && System.getProperty("ai.djl.pytorch.num_threads") == null) {
                System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
                System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            }
            System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
            Path folder = localFolder(model, conf.get());
            try {
                return ReceiptPredictor.open(folder, Devices.choose(device), schema,
                        new ReceiptPredictor.Settings(batch, 0, -1));
            } catch (ModelFolderException e) {
                // the local copy of a Hadoop URI is named as the user named the model
                String named = model.endsWith("/") ? model.substring(0, model.length() - 1) : model;
                String message = folder.equals(LOCAL_COPIES.get(model))
                        ? e.getMessage().replace(folder.toString(), named) : e.getMessage();
                throw new IllegalStateException(message, e);
            }
        });
    }

    /** Model folders loaded in this JVM (for tests and the summary). */
    static int loaded() {
        return PREDICTORS.size();
    }

    static Path localFolder(String model, Configuration conf) {
        Path direct = Path.of(model);
        if (!model.contains("://") && Files.isDirectory(direct)) {
            return direct;
        }
        Path shipped = Path.of(direct.getFileName() == null ? model : direct.getFileName().toString());
        if (Files.isDirectory(shipped)) {
            return shipped; // --archives model.zip#name, or --files with the folder's name, in the working dir
        }
        return LOCAL_COPIES.computeIfAbsent(model, m -> {
            try {
                org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(m);
                FileSystem fs = src.getFileSystem(conf);
                // copies a killed executor left behind go first; this one goes when this JVM ends
                ReceiptJob.removeLeftovers(Path.of(System.getProperty("java.io.tmpdir")), "layoutlens-model-");
                Path dir = Files.createTempDirectory("layoutlens-model-" + ProcessHandle.current().pid() + "-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> ReceiptJob.deleteTree(dir),
                        "layoutlens-model-copy-cleanup"));
                fs.copyToLocalFile(false, src, new org.apache.hadoop.fs.Path(dir.toUri()), true);
                Path copy = dir.resolve(src.getName());
                return Files.isDirectory(copy) ? copy : dir;
            } catch (IOException e) {
                throw new UncheckedIOException("model " + m + " could not be copied to this machine: "
                        + e.getMessage(), e);
            }
        });
    }
}
