package com.layoutlens.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A folder of label files ({@code ID.csv}), read as a whole with per-file problems.
 *
 * @param files    the rows of every usable file by receipt id
 * @param unusable the files that could not be read as a whole (a wrong header, over a
 *                 limit, not a regular file) by receipt id, with the reason; they are not in
 *                 {@code files}, so an unreadable file never passes for a receipt without words
 */
public record LabelFolder(Path dir, Map<String, List<LabelRow>> files, List<Problem> problems,
                          Map<String, String> unusable) {

    /**
     * The schema file a label folder may hold beside its label files ({@code labels/schema.json},
     * a schema as {@code --schema FILE} takes it): written by import when the source's labels are
     * no built-in schema, so that the folder names its own schema to every command and the app.
     */
    public static final String SCHEMA = "schema.json";

    public static LabelFolder read(Path dir, LabelSet labels) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a folder");
        }
        Map<String, List<LabelRow>> files = new LinkedHashMap<>();
        Map<String, String> unusable = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, Path> e : Dataset.list(dir, List.of("csv"), problems).entrySet()) {
            try {
                LabelFile.ReadResult r = LabelFile.read(e.getValue(), labels);
                problems.addAll(r.problems());
                if (r.usable()) {
                    files.put(e.getKey(), r.rows());
                } else {
                    unusable.put(e.getKey(), r.problems().stream().filter(Problem::isError)
                            .map(Problem::message).reduce((a, b) -> b).orElse("unusable"));
                }
            } catch (IOException ex) {
                problems.add(Problem.error(e.getValue().toString(), 0, "label file " + ex.getMessage()));
                unusable.put(e.getKey(), ex.getMessage());
            }
        }
        Problem schema = schemaFileProblem(dir);
        if (schema != null) {
            problems.add(schema);
        }
        return new LabelFolder(dir, files, problems, unusable);
    }

    /** What is wrong with a label folder's {@link #SCHEMA} file, or null when it is usable or there is none. */
    public static Problem schemaFileProblem(Path dir) {
        Path schemaFile = dir.resolve(SCHEMA);
        if (Files.exists(schemaFile) || Files.isSymbolicLink(schemaFile)) {
            try {
                LabelSet.load(schemaFile);
            } catch (IOException | RuntimeException ex) {
                return Problem.error(schemaFile.toString(), 0, "schema file not usable (" + ex.getMessage()
                        + "): the label files' tags choose the schema");
            }
        }
        return null;
    }

    /** The schema a label folder's {@link #SCHEMA} file names, or null when it has none or it is not usable. */
    public static LabelSet schemaFile(Path dir) {
        Path file = dir == null ? null : dir.resolve(SCHEMA);
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            return LabelSet.load(file);
        } catch (IOException | RuntimeException e) {
            return null; // reading the folder reports it
        }
    }

    /**
     * The schema the first of the label folders with a {@link #SCHEMA} file names, else the
     * built-in schema the tags of their files fit best ({@link LabelSet#closestBuiltIn}),
     * or null when no file names a tag (folders that are missing or cannot be read are passed over:
     * whoever reads them reports why).
     */
    public static LabelSet schemaOf(Path... dirs) {
        for (Path d : dirs) {
            LabelSet named = schemaFile(d);
            if (named != null) {
                return named;
            }
        }
        java.util.Set<String> tags = new java.util.LinkedHashSet<>();
        for (Path d : dirs) {
            if (d == null || !java.nio.file.Files.isDirectory(d)) {
                continue;
            }
            try {
                for (List<LabelRow> rows : read(d, null).files().values()) {
                    for (LabelRow r : rows) {
                        tags.add(r.label());
                    }
                }
            } catch (IOException e) {
                // read again by the caller, who reports it
            }
        }
        return tags.isEmpty() ? null : LabelSet.closestBuiltIn(tags);
    }
}
