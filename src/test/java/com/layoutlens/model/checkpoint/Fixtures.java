package com.layoutlens.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The checkpoint fixtures written by tools/reference/make_checkpoint_fixtures.py, and their expected values. */
final class Fixtures {

    /** What PyTorch says about one tensor: dtype, shape, and its values as float32 bits or integers. */
    record Expected(String name, DType dtype, long[] shape, int[] f32Bits, long[] values) {
    }

    private Fixtures() {
    }

    static Path path(String name) {
        URL url = Fixtures.class.getResource("/checkpoints/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource checkpoints/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The tensors of the tiny state dict, in state-dict order. */
    static Map<String, Expected> expected() {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(path("tiny.expected.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Expected> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            JsonNode v = e.getValue();
            long[] shape = longs(v.get("shape"));
            int[] bits = null;
            long[] values = null;
            if (v.has("f32_bits")) {
                long[] b = longs(v.get("f32_bits"));
                bits = new int[b.length];
                for (int i = 0; i < b.length; i++) {
                    bits[i] = (int) b[i];
                }
            } else {
                values = longs(v.get("values"));
            }
            out.put(e.getKey(), new Expected(e.getKey(), DType.valueOf(v.get("dtype").asText()), shape, bits, values));
        }
        return out;
    }

    static List<String> names() {
        return new ArrayList<>(expected().keySet());
    }

    private static long[] longs(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asLong();
        }
        return out;
    }
}
