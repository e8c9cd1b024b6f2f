package com.layoutlens.cli;

import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.checkpoint.DType;
import com.layoutlens.model.checkpoint.SafetensorsWriter;
import com.layoutlens.model.checkpoint.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code forward} on the LayoutLMv3 fixtures made by tools/reference/make_layoutlmv3_fixtures.py, and its refusals. */
class LayoutLMv3ForwardCommandTest {

    private static final float TOLERANCE = 1e-4f;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"tiny-a", "tiny-b", "tiny-c", "tiny-d"})
    void reproducesTransformersLogitsAndHiddenStates(String name) throws IOException {
        Path folder = v3(name);
        Path out = tmp.resolve("out.safetensors");
        CliRun r = forward(folder, folder.resolve("inputs.safetensors"), out);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("layoutlmv3 on cpu"), r.out());
        assertSame(folder.resolve("outputs.safetensors"), out, name);
    }

    @Test
    void withoutPixelValuesTheTextIsReadAlone() throws IOException {
        Path folder = v3("tiny-a");
        Map<String, Tensor> in = inputs(folder);
        in.remove("pixel_values");
        Path file = tmp.resolve("text.safetensors");
        SafetensorsWriter.write(file, in, Map.of());
        Path out = tmp.resolve("out.safetensors");
        CliRun r = forward(folder, file, out);
        assertEquals(0, r.exit(), r.err());
        assertSame(folder.resolve("outputs_text_only.safetensors"), out, "tiny-a text only");
    }

    @Test
    void aPageOfTheWrongSizeIsRefused() throws IOException {
        Path folder = v3("tiny-a");
        Map<String, Tensor> in = inputs(folder);
        in.put("pixel_values", Tensor.of(new float[2 * 3 * 16 * 16], new long[] {2, 3, 16, 16}));
        CliRun r = refused(folder, in);
        assertTrue(r.err().contains("'pixel_values'") && r.err().contains("[2, 3, 32, 32]"), r.err());
    }

    @Test
    void aPageForAModelWithoutVisualBranchIsRefused() throws IOException {
        Path folder = v3("tiny-c");
        Map<String, Tensor> in = inputs(folder);
        in.put("pixel_values", Tensor.of(new float[2 * 3 * 32 * 32], new long[] {2, 3, 32, 32}));
        CliRun r = refused(folder, in);
        assertTrue(r.err().contains("visual_embed false"), r.err());
    }

    @Test
    void textLongerThanThePositionTableIsRefused() throws IOException {
        Path folder = v3("tiny-c"); // max_position_embeddings 30, pad_token_id 0: 29 tokens at most
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("input_ids", Tensor.of(DType.I64, new long[30], new long[] {1, 30}));
        in.put("bbox", Tensor.of(DType.I64, new long[120], new long[] {1, 30, 4}));
        CliRun r = refused(folder, in);
        assertTrue(r.err().contains("at most 29"), r.err());
    }

    private CliRun refused(Path folder, Map<String, Tensor> in) throws IOException {
        Path file = tmp.resolve("in.safetensors");
        SafetensorsWriter.write(file, in, Map.of());
        Path out = tmp.resolve("out.safetensors");
        CliRun r = forward(folder, file, out);
        assertEquals(LayoutLensCli.USAGE, r.exit(), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(out), "nothing is written on error");
        return r;
    }

    /** Every tensor of the reference file, in the same order, float32, within the tolerance. */
    private static void assertSame(Path reference, Path out, String name) throws IOException {
        try (Checkpoint got = Checkpoints.open(out); Checkpoint want = Checkpoints.open(reference)) {
            assertEquals(want.names(), got.names(), "same tensors in the same order");
            for (String t : want.names()) {
                assertEquals(DType.F32, got.info(t).dtype());
                assertArrayEquals(want.info(t).shape(), got.info(t).shape(), t);
                float[] a = want.readFloats(t);
                float[] b = got.readFloats(t);
                float d = 0;
                for (int i = 0; i < a.length; i++) {
                    d = Math.max(d, Math.abs(a[i] - b[i]));
                }
                assertTrue(d <= TOLERANCE, name + " " + t + " differs by " + d);
            }
        }
    }

    private static CliRun forward(Path folder, Path in, Path out) {
        return CliRun.of("forward", "--model", folder.toString(), "--inputs", in.toString(), "--out", out.toString(),
                "--device", "cpu", "--hidden-states");
    }

    private static Map<String, Tensor> inputs(Path folder) throws IOException {
        Map<String, Tensor> in = new LinkedHashMap<>();
        try (Checkpoint c = Checkpoints.open(folder.resolve("inputs.safetensors"))) {
            for (String t : c.names()) {
                in.put(t, Tensor.read(c, t));
            }
        }
        return in;
    }

    private static Path v3(String name) {
        try {
            return Path.of(LayoutLMv3ForwardCommandTest.class.getResource("/fixtures/layoutlmv3/" + name
                    + "/config.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
