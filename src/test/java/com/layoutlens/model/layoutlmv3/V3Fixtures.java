package com.layoutlens.model.layoutlmv3;

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
 * The reference fixtures written by tools/reference/make_layoutlmv3_fixtures.py: every folder
 * under {@code fixtures/layoutlmv3/} with a {@code config.json} and {@code inputs.safetensors} is a
 * parity fixture, so that a configuration added there is picked up without touching the tests;
 * {@code tokenizer/}, {@code image/} and {@code receipt/} serve the encoding tests.
 */
final class V3Fixtures {

    private V3Fixtures() {
    }

    static Path root() {
        URL url = V3Fixtures.class.getResource("/fixtures/layoutlmv3");
        if (url == null) {
            throw new IllegalStateException("fixtures/layoutlmv3 missing from the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The parity fixture folder names (a model and its inputs and outputs), sorted. */
    static List<String> names() {
        try (Stream<Path> s = Files.list(root())) {
            return s.filter(p -> Files.isRegularFile(p.resolve("config.json"))
                            && Files.isRegularFile(p.resolve("inputs.safetensors")))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path folder(String name) {
        return root().resolve(name);
    }

    static NDArray longs(NDManager manager, Checkpoint source, String name) throws IOException {
        return manager.create(source.readLongs(name), new Shape(source.info(name).shape()));
    }

    static NDArray floats(NDManager manager, Checkpoint source, String name) throws IOException {
        return manager.create(source.readFloats(name), new Shape(source.info(name).shape()));
    }

    /** A tensor of the file, or null when the file has none by that name. */
    static NDArray floatsOrNull(NDManager manager, Checkpoint source, String name) throws IOException {
        return source.contains(name) ? floats(manager, source, name) : null;
    }

    static Checkpoint open(Path folder, String file) throws IOException {
        return Checkpoints.open(folder.resolve(file));
    }
}
