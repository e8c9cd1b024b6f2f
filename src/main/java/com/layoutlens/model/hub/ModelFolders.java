package com.layoutlens.model.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.LabelSet;
import com.layoutlens.model.LabelNames;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.family.ModelFamily;
import com.layoutlens.model.registry.ModelFamilies;
import com.layoutlens.model.registry.TokenClassifiers;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.Checkpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finds and describes model folders in the Hugging Face layout. One broken folder never hides
 * the others: it is listed with its error.
 */
public final class ModelFolders {

    /** The note a download leaves in the folder, saying where the files came from. */
    public static final String ORIGIN_FILE = "layoutlens.json";

    /** The system property that names the folder downloads go to. */
    public static final String DOWNLOADS_PROPERTY = "layoutlens.models";

    /** The environment variable that names the folder downloads go to. */
    public static final String DOWNLOADS_ENV = "LAYOUTLENS_MODELS";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFolders() {
    }

    /**
     * Where the app puts downloaded models: {@code -Dlayoutlens.models}, else
     * {@code $LAYOUTLENS_MODELS}, else {@code ~/.layoutlens/models}. Models are the user's own
     * data, several gigabytes that are slow to fetch again, so they do not go under
     * {@code ~/.cache}, which cleaning tools empty.
     */
    public static Path downloadsFolder() {
        String prop = System.getProperty(DOWNLOADS_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv(DOWNLOADS_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".layoutlens", "models");
    }

    /** The folder a hub model is downloaded to under {@code root}: the name part of its id. */
    public static Path folderFor(Path root, String hubId) {
        String name = hubId.substring(hubId.lastIndexOf('/') + 1);
        return root.resolve(name);
    }

    /**
     * Model folders found under several folders, and why a folder could not be searched.
     *
     * @param models the model folders, each once, in the order of the folders searched
     * @param errors one line per folder that could not be searched
     */
    public record Listing(List<ModelFolderInfo> models, List<String> errors) {
        public Listing {
            models = List.copyOf(models);
            errors = List.copyOf(errors);
        }
    }

    /**
     * Lists the model folders under each of {@code dirs}. A folder reached twice (listed twice,
     * or once directly and once as a sub-folder) is described once; a folder that cannot be
     * searched becomes an error line and never hides the others.
     */
    public static Listing listAll(List<Path> dirs) {
        List<ModelFolderInfo> out = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        java.util.Set<Path> seen = new java.util.HashSet<>();
        for (Path d : dirs) {
            try {
                for (ModelFolderInfo i : list(d)) {
                    if (seen.add(key(i.folder()))) {
                        out.add(i);
                    }
                }
            } catch (IOException | RuntimeException e) {
                errors.add(e.getMessage() == null ? d + ": " + e : e.getMessage());
            }
        }
        return new Listing(out, errors);
    }

    private static Path key(Path folder) {
        try {
            return folder.toRealPath();
        } catch (IOException e) {
            return folder.toAbsolutePath().normalize();
        }
    }

    /**
     * The model folders under {@code dir}: the folder itself when it holds a config.json,
     * otherwise each sub-folder that holds one or that looks like an unfinished model (weights
     * or tokenizer files without a config), sorted by name.
     */
    public static List<ModelFolderInfo> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a folder");
        }
        if (Files.isRegularFile(dir.resolve("config.json"))) {
            return List.of(inspect(dir));
        }
        List<ModelFolderInfo> out = new ArrayList<>();
        // a training run's folder keeps the tokenizer it trained with beside best/ and checkpoint/:
        // that is no model of its own, unfinished or not
        boolean run = Files.isRegularFile(dir.resolve("training_log.csv"));
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                if (run && p.getFileName().toString().equals("tokenizer") && !Files.exists(p.resolve("config.json"))) {
                    continue;
                }
                if (Files.isDirectory(p) && !p.getFileName().toString().startsWith(".") && looksLikeModel(p)) {
                    out.add(inspect(p));
                }
            }
        }
        return out;
    }

    private static boolean looksLikeModel(Path p) {
        try (Stream<Path> s = Files.list(p)) {
            return s.map(f -> f.getFileName().toString()).anyMatch(n -> n.equals("config.json")
                    || n.endsWith(".safetensors") || n.endsWith(".bin") || n.endsWith(".safetensors.part")
                    || n.endsWith(".bin.part") || ModelFamilies.tokenizerFileNames().contains(n));
        } catch (IOException | RuntimeException e) {
            return true; // unreadable: listed, and inspect() says why, rather than failing the whole listing
        }
    }

    /** Describes one model folder; every failure ends up in the result's error, never thrown. */
    public static ModelFolderInfo inspect(Path folder) {
        List<String> files = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        long bytes = 0;
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString();
                if (Files.isRegularFile(p) && !n.startsWith(".")) {
                    files.add(n);
                    bytes += Files.size(p);
                }
            }
        } catch (IOException e) {
            return new ModelFolderInfo(folder, null, 0, -1, List.of(), "unknown", List.of(), List.of(),
                    List.of(folder + ": cannot list: " + e.getMessage()));
        }
        String origin = origin(folder);
        if (files.stream().anyMatch(n -> n.endsWith(".part"))) {
            warnings.add("unfinished download (.part files): run models download again to resume");
        }
        if (!files.contains("sentencepiece.bpe.model") && tokenizerFilesMissing(folder, files)) {
            warnings.add("no tokenizer files (" + tokenizerFilesExpected(folder) + ")");
        }
        if ((files.contains(Checkpoints.PYTORCH) || files.contains(Checkpoints.PYTORCH_INDEX))
                && !files.contains(Checkpoints.SAFETENSORS) && !files.contains(Checkpoints.SAFETENSORS_INDEX)) {
            warnings.add("weights only as pytorch_model.bin: 'models convert' writes model.safetensors");
        }
        String type = null;
        List<String> labels = new ArrayList<>();
        Path config = folder.resolve("config.json");
        if (Files.isRegularFile(config)) {
            try {
                JsonNode root = JSON.readTree(com.layoutlens.data.TextFiles.readUtf8(config, com.layoutlens.data.InputLimits.MAX_CONFIG_BYTES));
                if (root != null && root.isObject()) {
                    JsonNode modelType = root.get("model_type");
                    // without one, a load reads the folder as LayoutLM (old LayoutLM folders carry none)
                    type = modelType == null || modelType.isNull() ? "LayoutLM (no model_type)"
                            : typeName(modelType.asText(""));
                    labels.addAll(labels(root));
                }
            } catch (IOException | RuntimeException e) {
                // the check below says what is wrong with it
            }
        }
        // the checks a load runs before reading any weights: what predict would refuse
        List<String> problems = new ArrayList<>(TokenClassifiers.check(folder));
        long parameters = -1;
        try (Checkpoint c = Checkpoints.open(folder)) {
            long n = 0;
            for (String name : c.names()) {
                n += c.info(name).numel();
            }
            parameters = n;
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!problems.contains(m)) {
                problems.add(m);
            }
        }
        if (problems.isEmpty() && !labels.isEmpty()) {
            // the model's labels make its schema (sroie, sroie-bio, funsd... or its own types)
            LabelSet schema = LabelSet.fromTags("model", labels);
            if (schema == null) {
                warnings.add("its labels " + labels + " name no entity type: predict and the app's model runs"
                        + " label every word O");
            }
        }
        return new ModelFolderInfo(folder, type, bytes, parameters, labels, origin, files, warnings, problems);
    }

    /** The family's display name for a config {@code model_type}. */
    static String typeName(String modelType) {
        return ModelFamilies.displayName(modelType);
    }

    /**
     * The families whose tokenizer files a folder should have: its own family when its
     * {@code model_type} names a registered one, else every family.
     */
    private static List<ModelFamily> tokenizerFamilies(Path folder) {
        try {
            return List.of(ModelFamilies.of(folder));
        } catch (ModelFolderException | RuntimeException e) {
            return ModelFamilies.all();
        }
    }

    /** Whether no complete set of tokenizer files of the folder's family is there. */
    private static boolean tokenizerFilesMissing(Path folder, List<String> files) {
        return tokenizerFamilies(folder).stream().flatMap(f -> f.tokenizerFiles().stream())
                .noneMatch(files::containsAll);
    }

    /** The tokenizer file sets the folder's family reads: {@code tokenizer.json or vocab.json + merges.txt}. */
    private static String tokenizerFilesExpected(Path folder) {
        return tokenizerFamilies(folder).stream().flatMap(f -> f.tokenizerFiles().stream())
                .map(set -> String.join(" + ", set)).distinct().collect(java.util.stream.Collectors.joining(" or "));
    }

    private static List<String> labels(JsonNode root) throws IOException {
        JsonNode map = root.get("id2label");
        if (map == null || !map.isObject()) {
            return List.of();
        }
        try {
            // read as a load reads it, so that the listing says what predict would say
            return com.layoutlens.model.ConfigJson.labelsOf(root);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Where the folder came from: the {@code layoutlens.json} a download writes, else the model
     * card's {@code base_model} or first line of prose, else {@code unknown}.
     */
    public static String origin(Path folder) {
        Path note = folder.resolve(ORIGIN_FILE);
        if (Files.isRegularFile(note)) {
            try {
                JsonNode n = JSON.readTree(note.toFile());
                String id = n.path("id").asText("");
                if (!id.isEmpty()) {
                    String rev = n.path("revision").asText("main");
                    String endpoint = n.path("endpoint").asText("");
                    return id + "@" + rev + (endpoint.isEmpty() ? "" : " from " + endpoint);
                }
                String origin = n.path("origin").asText("");
                if (!origin.isEmpty()) {
                    return origin;
                }
            } catch (IOException | RuntimeException e) {
                return ORIGIN_FILE + " unreadable: " + e.getMessage();
            }
        }
        Path readme = folder.resolve("README.md");
        if (Files.isRegularFile(readme)) {
            try {
                List<String> lines = com.layoutlens.data.TextFiles.readUtf8(readme, com.layoutlens.data.InputLimits.MAX_CONFIG_BYTES).lines().toList();
                boolean front = !lines.isEmpty() && lines.get(0).trim().equals("---");
                String base = null;
                String prose = null;
                String title = null;
                for (int i = front ? 1 : 0; i < lines.size(); i++) {
                    String l = lines.get(i).trim();
                    if (front) {
                        if (l.equals("---")) {
                            front = false;
                        } else if (l.startsWith("base_model:") && l.length() > 11) {
                            base = l.substring(11).trim();
                        }
                        continue;
                    }
                    // the first line of prose, rather than a title that often repeats the folder's name
                    if (l.startsWith("#")) {
                        if (title == null) {
                            title = l.replaceFirst("^#+\\s*", "");
                        }
                    } else if (!l.isEmpty() && prose == null) {
                        prose = l;
                    }
                }
                if (base != null && !base.isEmpty()) {
                    return "README: fine-tuned from " + base;
                }
                if (prose == null) {
                    prose = title;
                }
                if (prose != null && !prose.isEmpty()) {
                    return "README: " + (prose.length() > 80 ? prose.substring(0, 77) + "..." : prose);
                }
            } catch (IOException e) {
                return "README.md unreadable: " + e.getMessage();
            }
        }
        return "unknown";
    }
}
