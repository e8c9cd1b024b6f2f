package com.layoutlens.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A folder of label files ({@code ID.csv}), read as a whole with per-file problems. */
public record LabelFolder(Path dir, Map<String, List<LabelRow>> files, List<Problem> problems) {

    public static LabelFolder read(Path dir, LabelSet labels) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a folder");
        }
        Map<String, List<LabelRow>> files = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, Path> e : Dataset.list(dir, List.of("csv")).entrySet()) {
            try {
                LabelFile.ReadResult r = LabelFile.read(e.getValue(), labels);
                problems.addAll(r.problems());
                files.put(e.getKey(), r.rows());
            } catch (IOException ex) {
                problems.add(Problem.error(e.getValue().toString(), 0, "not readable: " + ex.getMessage()));
            }
        }
        return new LabelFolder(dir, files, problems);
    }
}
