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
        return new LabelFolder(dir, files, problems, unusable);
    }

    /**
     * The built-in schema the tags of the label folders' files fit best ({@link LabelSet#closestBuiltIn}),
     * or null when no file names a tag (folders that are missing or cannot be read are passed over:
     * whoever reads them reports why).
     */
    public static LabelSet schemaOf(Path... dirs) {
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
