package com.layoutlens.model.layoutlm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.Checkpoints;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The reference fixtures written by tools/reference/make_layoutlm_fixtures.py. */
public final class Fixtures {

    public static final String[] MODELS = {"tiny-a", "tiny-b", "tiny-c"};

    private Fixtures() {
    }

    public static Path folder(String name) {
        URL url = Fixtures.class.getResource("/fixtures/layoutlm/" + name + "/config.json");
        if (url == null) {
            throw new IllegalStateException("fixture " + name + " missing from the test class path");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An int64 tensor of a fixture file as an NDArray. */
    public static NDArray longs(NDManager manager, Checkpoint source, String name) throws IOException {
        return manager.create(source.readLongs(name), new Shape(source.info(name).shape()));
    }

    /** A float tensor of a fixture file as an NDArray. */
    public static NDArray floats(NDManager manager, Checkpoint source, String name) throws IOException {
        return manager.create(source.readFloats(name), new Shape(source.info(name).shape()));
    }

    public static Checkpoint open(String model, String file) throws IOException {
        return Checkpoints.open(folder(model).resolve(file));
    }
}
