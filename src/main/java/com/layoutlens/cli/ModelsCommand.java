package com.layoutlens.cli;

import com.layoutlens.model.hub.CheckpointConverter;
import com.layoutlens.model.hub.ModelFolderInfo;
import com.layoutlens.model.hub.ModelFolders;
import com.layoutlens.service.ModelDownloads;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code models}: list, download and convert model folders. */
@Command(name = "models",
        description = "Manage model folders (Hugging Face layout): list them, download one from the hub, "
                + "convert pytorch_model.bin to model.safetensors.",
        mixinStandardHelpOptions = true,
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Download.class, ModelsCommand.Convert.class})
public final class ModelsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code models list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Describe model folders: type, size, parameters, labels, origin and files. A DIR is "
                    + "either one model folder (it holds config.json) or a folder of model folders.",
                    "Weights are not loaded: parameters are counted from the checkpoint header, and each folder "
                            + "gets the checks a model load runs first (config, model_type, tensor names and "
                            + "shapes, tokenizer files, labels); every problem is listed."})
    static final class ListModels implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "DIR", arity = "0..*", description = "folders to look in (default: models)")
        List<Path> dirs = new ArrayList<>();

        @Option(names = "--json", description = "print the folders as one JSON object on stdout")
        boolean json;

        @Override
        public Integer call() {
            dirs.forEach(LayoutLensCli::requireFolder); // a folder named that is not there is a usage error
            List<Path> where = dirs.isEmpty() ? List.of(Path.of("models")) : dirs;
            ModelFolders.Listing listing = ModelFolders.listAll(where);
            List<ModelFolderInfo> infos = listing.models();
            List<String> errors = listing.errors();
            if (json) {
                List<Map<String, Object>> list = new ArrayList<>();
                for (ModelFolderInfo i : infos) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("folder", i.folder().toString());
                    m.put("type", i.type());
                    m.put("bytes", i.bytes());
                    m.put("parameters", i.parameters() < 0 ? null : i.parameters());
                    m.put("labels", i.labels());
                    m.put("origin", i.origin());
                    m.put("files", i.files());
                    m.put("warnings", i.warnings());
                    m.put("error", i.error());
                    m.put("problems", i.problems());
                    list.add(m);
                }
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("models", list);
                o.put("errors", errors);
                spec.commandLine().getOut().println(Json.write(o));
            } else {
                PrintWriter out = spec.commandLine().getOut();
                if (infos.isEmpty() && errors.isEmpty()) {
                    out.println("no model folders in " + com.layoutlens.data.Printable.of(String.valueOf(where)));
                }
                for (ModelFolderInfo i : infos) {
                    out.println(com.layoutlens.data.Printable.of(i.folder().toString()));
                    out.println("  type:       " + (i.type() == null ? "?" : com.layoutlens.data.Printable.of(i.type())));
                    out.println("  size:       " + bytes(i.bytes()));
                    out.println("  parameters: " + (i.parameters() < 0 ? "?" : parameters(i.parameters())));
                    out.println("  labels:     " + (i.labels().isEmpty() ? "(none)" : com.layoutlens.data.Printable.of(String.join(" ", i.labels()))));
                    out.println("  origin:     " + com.layoutlens.data.Printable.of(String.valueOf(i.origin())));
                    out.println("  files:      " + com.layoutlens.data.Printable.of(String.join(" ", i.files())));
                    for (String w : i.warnings()) {
                        out.println("  warning:    " + com.layoutlens.data.Printable.of(w));
                    }
                    for (String p : i.problems()) {
                        out.println("  error:      " + com.layoutlens.data.Printable.of(p));
                    }
                }
                for (String e : errors) {
                    spec.commandLine().getErr().println("error: " + com.layoutlens.data.Printable.of(e));
                }
            }
            boolean bad = !errors.isEmpty() || infos.stream().anyMatch(i -> !i.ok());
            return bad ? LayoutLensCli.FAILED : 0;
        }
    }

    /** {@code models download}. */
    @Command(name = "download", mixinStandardHelpOptions = true,
            description = {"Download a model folder from the Hugging Face hub (or a mirror): config, tokenizer "
                    + "files and one set of weights (model.safetensors preferred, else pytorch_model.bin).",
                    "Files are checked (size, and SHA-256 where the hub gives it) before they get their real "
                            + "name; an interrupted download resumes when the same command is run again.",
                    "Environment: HF_ENDPOINT (another hub), HF_TOKEN (gated or private models)."})
    static final class Download implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "HUB_ID", description = "e.g. microsoft/layoutlmv2-base-uncased")
        String id;

        @Option(names = "--out", paramLabel = "DIR",
                description = "model folder to create (default: models/<name part of HUB_ID>)")
        Path out;

        @Option(names = "--revision", defaultValue = ModelDownloads.DEFAULT_REVISION, paramLabel = "REV",
                description = "branch, tag or commit (default ${DEFAULT-VALUE})")
        String revision;

        @Option(names = "--endpoint", paramLabel = "URL",
                description = "hub base URL (default: $HF_ENDPOINT, else " + ModelDownloads.DEFAULT_ENDPOINT + ")")
        String endpoint;

        @Override
        public Integer call() throws IOException {
            if (!ModelDownloads.isHubId(id == null ? null : id.trim())) {
                throw new LayoutLensCli.UsageException("'" + id + "' is not a hub model id (expected owner/name, e.g."
                        + " microsoft/layoutlmv2-base-uncased)");
            }
            Path dir = ModelDownloads.folderFor(out, ModelDownloads.DEFAULT_ROOT, id);
            ModelDownloads.Download download;
            try {
                download = ModelDownloads.fromEnvironment().prepare(id, revision, endpoint, dir);
            } catch (IllegalArgumentException e) {
                throw new LayoutLensCli.UsageException("--endpoint: " + e.getMessage());
            }
            PrintWriter err = spec.commandLine().getErr();
            err.println(com.layoutlens.data.Printable.of("downloading " + download.id() + "@" + download.revision()
                    + " from " + download.endpoint() + " to " + dir));
            ModelDownloads.Outcome r = download.run(new ByteBar(err));
            spec.commandLine().getOut().printf("%s: %d file%s downloaded, %d already complete, %s received -> %s%n", com.layoutlens.data.Printable.of(id),
                    r.fetched().size(), r.fetched().size() == 1 ? "" : "s", r.skipped().size(),
                    bytes(r.bytesTransferred()), com.layoutlens.data.Printable.of(dir.toString()));
            err.println("origin: " + com.layoutlens.data.Printable.of(r.origin()));
            return 0;
        }
    }

    /** {@code models convert}. */
    @Command(name = "convert", mixinStandardHelpOptions = true,
            description = {"Write model.safetensors from a folder's pytorch_model.bin (or its shards), then read "
                    + "it back and compare every tensor with the original. The .bin file is kept."})
    static final class Convert implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "model folder")
        Path dir;

        @Option(names = "--force", description = "replace an existing model.safetensors")
        boolean force;

        @Override
        public Integer call() throws IOException {
            LayoutLensCli.requireFolder(dir);
            CheckpointConverter.Result r;
            try {
                r = CheckpointConverter.convert(dir, force);
            } catch (com.layoutlens.model.checkpoint.CheckpointException e) {
                throw e;
            } catch (IOException e) {
                throw new LayoutLensCli.Failure(com.layoutlens.data.WriteErrors.describe(dir, e));
            }
            spec.commandLine().getOut().printf("%s -> %s: %d tensors, %s parameters, identical after reading back%n",
                    com.layoutlens.data.Printable.of(r.source().getFileName().toString()), com.layoutlens.data.Printable.of(r.target().toString()), r.tensors(),
                    parameters(r.parameters()));
            return 0;
        }
    }

    /** Bytes, rate and ETA of a download on stderr, redrawn in place on a terminal. */
    static final class ByteBar implements ModelDownloads.Listener {
        private final PrintWriter err;
        private final boolean tty = System.console() != null;
        private long last;
        private String file;

        ByteBar(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void progress(ModelDownloads.Progress p) {
            long now = System.nanoTime();
            String name = p.file();
            boolean newFile = !name.equals(file);
            if (!newFile && now - last < 250_000_000L && !p.complete()) {
                return;
            }
            if (newFile && file != null && tty) {
                err.println();
            }
            file = name;
            last = now;
            String line = String.format(Locale.ROOT, "%-28s %s%s %s/s%s", com.layoutlens.data.Printable.of(name),
                    bytes(p.done()), p.total() >= 0 ? String.format(Locale.ROOT, " of %s (%.0f%%)", bytes(p.total()),
                            100.0 * p.fraction()) : "",
                    bytes((long) p.bytesPerSecond()),
                    p.secondsLeft() >= 0 ? String.format(Locale.ROOT, ", ETA %.0fs", p.secondsLeft()) : "");
            if (tty) {
                err.print("\r" + line + (p.complete() ? "\n" : ""));
            } else if (newFile || p.complete()) {
                err.println(line);
            }
            err.flush();
        }

        @Override
        public void note(String message) {
            err.println(com.layoutlens.data.Printable.of(message));
        }

        @Override
        public void warning(String message) {
            if (tty && file != null) {
                err.println();
            }
            err.println("warning: " + com.layoutlens.data.Printable.of(message));
        }
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String parameters(long n) {
        if (n >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM (%d)", n / 1e6, n);
        }
        return String.valueOf(n);
    }
}
