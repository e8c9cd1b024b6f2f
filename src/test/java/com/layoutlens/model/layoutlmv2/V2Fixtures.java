package com.layoutlens.model.layoutlmv2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.Checkpoints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The reference fixtures written by tools/reference/make_layoutlmv2_fixtures.py: every
 * folder under {@code fixtures/layoutlmv2/} with a {@code config.json}, so that a fixture
 * added there (another configuration) is picked up without touching the tests.
 */
final class V2Fixtures {

    private V2Fixtures() {
    }

    static Path root() {
        URL url = V2Fixtures.class.getResource("/fixtures/layoutlmv2");
        if (url == null) {
            throw new IllegalStateException("fixtures/layoutlmv2 missing from the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixture folder names, sorted. */
    static List<String> names() {
        try (Stream<Path> s = Files.list(root())) {
            return s.filter(p -> Files.isRegularFile(p.resolve("config.json")))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path folder(String name) {
        return root().resolve(name);
    }

    /**
     * A complete model folder in {@code dir}: a v2 fixture's config and weights with the
     * LayoutLM fixture tiny-a's WordPiece files (99 entries, as v2's tiny-a and tiny-c).
     */
    static Path modelFolder(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        for (String f : new String[] {"config.json", "model.safetensors"}) {
            Files.copy(folder(name).resolve(f), dir.resolve(f));
        }
        Path vocab = com.layoutlens.model.layoutlm.Fixtures.folder("tiny-a");
        for (String f : new String[] {"vocab.txt", "tokenizer_config.json"}) {
            Files.copy(vocab.resolve(f), dir.resolve(f));
        }
        return dir;
    }

    static NDArray longs(NDManager manager, Checkpoint source, String name) throws IOException {
        return manager.create(source.readLongs(name), new Shape(source.info(name).shape()));
    }

    /** A tensor as float32, whatever it is stored as (an image may come as whole numbers, even uint8). */
    static NDArray floats(NDManager manager, Checkpoint source, String name) throws IOException {
        Shape shape = new Shape(source.info(name).shape());
        if (source.info(name).dtype().isFloatingPoint()) {
            return manager.create(source.readFloats(name), shape);
        }
        long[] values = source.readLongs(name);
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = values[i];
        }
        return manager.create(f, shape);
    }

    static Checkpoint open(Path folder, String file) throws IOException {
        return Checkpoints.open(folder.resolve(file));
    }
}
