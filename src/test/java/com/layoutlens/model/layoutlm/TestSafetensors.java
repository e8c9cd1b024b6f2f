package com.layoutlens.model.layoutlm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.layoutlens.model.nn.TensorSource;
import com.layoutlens.model.nn.TensorSources;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Writes float32 safetensors files for loading tests: a fixture's weights, renamed or filtered. */
final class TestSafetensors {

    private TestSafetensors() {
    }

    /**
     * Copies the float tensors of {@code from} to {@code to}, each under {@code rename(name)},
     * dropping those renamed to null.
     */
    static void copy(Path from, Path to, UnaryOperator<String> rename) throws IOException {
        Map<String, float[]> data = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (TensorSource src = TensorSources.open(from)) {
            for (String name : src.names()) {
                String n = rename.apply(name);
                if (n != null) {
                    data.put(n, src.readFloats(name));
                    shapes.put(n, src.shape(name));
                }
            }
        }
        write(to, data, shapes);
    }

    static void write(Path to, Map<String, float[]> data, Map<String, long[]> shapes) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        long offset = 0;
        for (Map.Entry<String, float[]> e : data.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (long d : shapes.get(e.getKey())) {
                shape.add(d);
            }
            var offsets = t.putArray("data_offsets");
            offsets.add(offset);
            offset += 4L * e.getValue().length;
            offsets.add(offset);
        }
        byte[] h = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate((int) (8 + h.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        for (float[] v : data.values()) {
            for (float f : v) {
                buf.putFloat(f);
            }
        }
        Files.write(to, buf.array());
    }
}
