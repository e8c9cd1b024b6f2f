package com.layoutlens.cli;

import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.checkpoint.DType;
import com.layoutlens.model.checkpoint.SafetensorsWriter;
import com.layoutlens.model.checkpoint.Tensor;
import com.layoutlens.model.layoutlm.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code forward} on the transformers fixtures, and its refusals. */
class ForwardCommandTest {

    private static final float TOLERANCE = 1e-4f;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"tiny-a", "tiny-b", "tiny-c"})
    void reproducesTransformersLogitsAndHiddenStates(String name) throws IOException {
        Path out = tmp.resolve("out.safetensors");
        CliRun r = forward(name, Fixtures.folder(name).resolve("inputs.safetensors"), out, "--hidden-states");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("layoutlm on cpu"), r.out());
        try (Checkpoint got = Checkpoints.open(out); Checkpoint want = Fixtures.open(name, "outputs.safetensors")) {
            assertEquals(want.names(), got.names(), "same tensors in the same order");
            for (String t : want.names()) {
                assertEquals(DType.F32, got.info(t).dtype());
                assertArrayEquals(want.info(t).shape(), got.info(t).shape(), t);
                float d = maxDiff(want.readFloats(t), got.readFloats(t));
                assertTrue(d <= TOLERANCE, name + " " + t + " differs by " + d);
            }
        }
    }

    @Test
    void int32InputsAndDefaultMaskGiveTheSameLogits() throws IOException {
        Map<String, Tensor> in = fixtureInputs("tiny-a");
        Map<String, Tensor> narrow = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : in.entrySet()) {
            long[] v = (long[]) e.getValue().data();
            narrow.put(e.getKey(), Tensor.of(DType.I32, v, e.getValue().shape()));
        }
        Path out32 = tmp.resolve("out32.safetensors");
        assertEquals(0, forward("tiny-a", write("in32", narrow), out32).exit());

        // without attention_mask and token_type_ids: all ones and all zeros, as in transformers
        Map<String, Tensor> bare = new LinkedHashMap<>(in);
        bare.remove("attention_mask");
        bare.remove("token_type_ids");
        bare.put("labels", Tensor.of(new long[] {1}, 1));
        Path outBare = tmp.resolve("bare-out.safetensors");
        CliRun r = forward("tiny-a", write("bare", bare), outBare);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("ignored tensors") && r.err().contains("labels"), r.err());
        Map<String, Tensor> explicit = new LinkedHashMap<>(in);
        long[] shape = in.get("input_ids").shape();
        long[] ones = new long[(int) (shape[0] * shape[1])];
        Arrays.fill(ones, 1L);
        explicit.put("attention_mask", Tensor.of(ones, shape));
        explicit.put("token_type_ids", Tensor.of(new long[ones.length], shape));
        Path outExplicit = tmp.resolve("explicit-out.safetensors");
        assertEquals(0, forward("tiny-a", write("explicit", explicit), outExplicit).exit());

        try (Checkpoint want = Fixtures.open("tiny-a", "outputs.safetensors");
             Checkpoint got32 = Checkpoints.open(out32); Checkpoint gotBare = Checkpoints.open(outBare);
             Checkpoint gotExplicit = Checkpoints.open(outExplicit)) {
            assertEquals(Set.of("logits"), got32.names());
            assertTrue(maxDiff(want.readFloats("logits"), got32.readFloats("logits")) <= TOLERANCE);
            assertEquals(0f, maxDiff(gotExplicit.readFloats("logits"), gotBare.readFloats("logits")), 1e-6f);
            // the fixture's padded row and token types make its logits differ from the defaults'
            assertTrue(maxDiff(want.readFloats("logits"), gotBare.readFloats("logits")) > TOLERANCE);
        }
    }

    @Test
    void missingTensorIsNamed() throws IOException {
        CliRun r = broken(in -> in.remove("bbox"));
        assertRefused(r, "'bbox' is missing", "int64 or int32 [B, T, 4]");
    }

    @Test
    void wrongDtypeIsNamed() throws IOException {
        CliRun r = broken(in -> {
            Tensor ids = in.get("input_ids");
            long[] v = (long[]) ids.data();
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = v[i];
            }
            in.put("input_ids", Tensor.of(f, ids.shape()));
        });
        assertRefused(r, "'input_ids' is float32", "expected int64 or int32 [B, T]");
    }

    @Test
    void wrongShapeIsNamedWithTheExpectedNumbers() throws IOException {
        CliRun r = broken(in -> {
            long[] s = in.get("bbox").shape();
            long[] v = new long[(int) (s[0] * s[1] * 3)];
            in.put("bbox", Tensor.of(v, s[0], s[1], 3));
        });
        assertRefused(r, "'bbox' has shape", "expected [B, T, 4] = [");
    }

    @Test
    void disagreeingLengthsAreNamed() throws IOException {
        CliRun r = broken(in -> {
            long[] s = in.get("attention_mask").shape();
            in.put("attention_mask", Tensor.of(new long[(int) (s[0] * (s[1] - 1))], s[0], s[1] - 1));
        });
        assertRefused(r, "'attention_mask' has shape", "where 'input_ids' has T");
    }

    @Test
    void tokenIdBeyondTheVocabularyIsNamed() throws IOException {
        CliRun r = broken(in -> ((long[]) in.get("input_ids").data())[3] = 99);
        assertRefused(r, "'input_ids' holds 99 at [0, 3]", "0..98 (vocab_size 99)");
        assertTrue(r.err().contains("in.safetensors: "), "the inputs file is named: " + r.err());
    }

    @Test
    void aFileOfTheModelFolderIsNeverOverwrittenByTheOutputs() throws IOException {
        Path model = tmp.resolve("model");
        Files.createDirectories(model);
        try (var files = Files.list(Fixtures.folder("tiny-a"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Files.copy(p, model.resolve(p.getFileName()));
            }
        }
        byte[] weights = Files.readAllBytes(model.resolve("model.safetensors"));
        CliRun r = CliRun.of("forward", "--model", model.toString(), "--inputs", model.resolve("inputs.safetensors")
                .toString(), "--out", model.resolve("model.safetensors").toString(), "--device", "cpu");
        assertRefused(r, "is in the model folder");
        assertArrayEquals(weights, Files.readAllBytes(model.resolve("model.safetensors")));
    }

    @Test
    void theInputsFileIsNeverOverwrittenByTheOutputs() throws IOException {
        Path in = write("in", fixtureInputs("tiny-a"));
        byte[] before = Files.readAllBytes(in);
        CliRun r = forward("tiny-a", in, in);
        assertRefused(r, "is the inputs file");
        assertArrayEquals(before, Files.readAllBytes(in));
    }

    @Test
    void boxOutsideThePageIsNamed() throws IOException {
        CliRun r = broken(in -> ((long[]) in.get("bbox").data())[6] = 1001);
        assertRefused(r, "'bbox' holds 1001 at [0, 1, 2]", "0..1000");
    }

    @Test
    void invertedBoxIsNamed() throws IOException {
        CliRun r = broken(in -> {
            long[] b = (long[]) in.get("bbox").data();
            b[4] = 500;
            b[6] = 400;
        });
        assertRefused(r, "'bbox' holds the box [500", "x0 <= x1");
    }

    @Test
    void batchBeyondTheMemoryLimitIsRefusedBeforeRunning() throws IOException {
        Path out = tmp.resolve("out.safetensors");
        CliRun r = forward("tiny-a", Fixtures.folder("tiny-a").resolve("inputs.safetensors"), out,
                "--max-memory", "10k");
        assertEquals(LayoutLensCli.USAGE, r.exit());
        assertTrue(r.err().contains("'input_ids'") && r.err().contains("needs about")
                && r.err().contains("split the batch"), r.err());
        assertFalse(Files.exists(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-a", "tiny-b", "tiny-c"})
    void reproducesTransformersLayoutLMv2Logits(String name) throws IOException {
        Path folder = v2(name);
        Path out = tmp.resolve("out.safetensors");
        CliRun r = CliRun.of("forward", "--model", folder.toString(), "--inputs",
                folder.resolve("inputs.safetensors").toString(), "--out", out.toString(), "--device", "cpu",
                "--hidden-states");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("layoutlmv2 on cpu"), r.out());
        try (Checkpoint got = Checkpoints.open(out);
             Checkpoint want = Checkpoints.open(folder.resolve("outputs.safetensors"))) {
            float[] w = want.readFloats("logits");
            float[] g = got.readFloats("logits");
            assertArrayEquals(want.info("logits").shape(), got.info("logits").shape());
            float d = maxDiff(w, g);
            assertTrue(d <= TOLERANCE, name + " logits differ by " + d);
            for (String t : want.names()) {
                if (t.startsWith("hidden_states.")) {
                    assertTrue(maxDiff(want.readFloats(t), got.readFloats(t)) <= TOLERANCE, name + " " + t);
                }
            }
        }
    }

    @Test
    void aLayoutLMv2PageAsUint8GivesTheSameLogitsAsInFloat() throws IOException {
        // LayoutLMv2's image processor returns the page as uint8: taken as the same pixel values
        Path folder = v2("tiny-a");
        Map<String, Tensor> in = new LinkedHashMap<>();
        try (Checkpoint c = Checkpoints.open(folder.resolve("inputs.safetensors"))) {
            for (String t : c.names()) {
                in.put(t, Tensor.read(c, t));
            }
            float[] px = c.readFloats("image");
            long[] bytes = new long[px.length];
            for (int i = 0; i < px.length; i++) {
                org.junit.jupiter.api.Assumptions.assumeTrue(px[i] == Math.rint(px[i]) && px[i] >= 0 && px[i] <= 255,
                        "the fixture's page holds whole pixel values");
                bytes[i] = (long) px[i];
            }
            in.put("image", Tensor.of(DType.U8, bytes, c.info("image").shape()));
        }
        Path out = tmp.resolve("u8-out.safetensors");
        CliRun r = CliRun.of("forward", "--model", folder.toString(), "--inputs", write("u8", in).toString(), "--out",
                out.toString(), "--device", "cpu");
        assertEquals(0, r.exit(), r.err());
        try (Checkpoint got = Checkpoints.open(out);
             Checkpoint want = Checkpoints.open(folder.resolve("outputs.safetensors"))) {
            assertTrue(maxDiff(want.readFloats("logits"), got.readFloats("logits")) <= TOLERANCE);
        }
    }

    @Test
    void aLayoutLMv2ModelWithoutItsImageIsRefused() throws IOException {
        Path out = tmp.resolve("out.safetensors");
        CliRun r = CliRun.of("forward", "--model", v2("tiny-a").toString(), "--inputs",
                Fixtures.folder("tiny-a").resolve("inputs.safetensors").toString(), "--out", out.toString());
        assertEquals(LayoutLensCli.USAGE, r.exit());
        assertTrue(r.err().contains("'image' is missing"), r.err());
        assertFalse(Files.exists(out));
    }

    private static Path v2(String name) {
        try {
            return Path.of(ForwardCommandTest.class.getResource("/fixtures/layoutlmv2/" + name + "/config.json").toURI())
                    .getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void inputsThatAreNoSafetensorsFileAreReported() throws IOException {
        Path bad = tmp.resolve("bad.safetensors");
        Files.writeString(bad, "not tensors");
        Path out = tmp.resolve("out.safetensors");
        CliRun r = forward("tiny-a", bad, out);
        assertEquals(LayoutLensCli.USAGE, r.exit());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("bad.safetensors"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void sizesParseWithUnits() {
        assertEquals(2L << 30, ForwardCommand.parseSize("2g"));
        assertEquals(512L << 20, ForwardCommand.parseSize("512MB"));
        assertEquals(1000, ForwardCommand.parseSize("1000"));
    }

    private CliRun broken(Consumer<Map<String, Tensor>> change) throws IOException {
        Map<String, Tensor> in = fixtureInputs("tiny-a");
        change.accept(in);
        Path out = tmp.resolve("out.safetensors");
        CliRun r = forward("tiny-a", write("in", in), out);
        assertFalse(Files.exists(out), "nothing is written on error");
        return r;
    }

    private static void assertRefused(CliRun r, String... parts) {
        assertEquals(LayoutLensCli.USAGE, r.exit(), r.err());
        for (String p : parts) {
            assertTrue(r.err().contains(p), "expected '" + p + "' in: " + r.err());
        }
        assertFalse(r.err().contains("Exception"), r.err());
    }

    private static CliRun forward(String model, Path in, Path out, String... more) {
        String[] base = {"forward", "--model", Fixtures.folder(model).toString(), "--inputs", in.toString(),
                "--out", out.toString(), "--device", "cpu"};
        String[] args = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.of(args);
    }

    private static Map<String, Tensor> fixtureInputs(String name) throws IOException {
        Map<String, Tensor> in = new LinkedHashMap<>();
        try (Checkpoint c = Fixtures.open(name, "inputs.safetensors")) {
            for (String t : c.names()) {
                in.put(t, Tensor.read(c, t));
            }
        }
        return in;
    }

    private Path write(String name, Map<String, Tensor> tensors) throws IOException {
        Path p = tmp.resolve(name + ".safetensors");
        SafetensorsWriter.write(p, tensors, Map.of());
        return p;
    }

    private static float maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        float d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}
