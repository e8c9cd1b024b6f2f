package com.layoutlens.model.layoutlmv3;

import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page against transformers' LayoutLMv3 image processors (fixtures/layoutlmv3/image: a
 * synthetic PNG page, 32 x 32 output, per-channel mean and std, so that a channel swap or a
 * wrong normalisation shows). The resize is PIL's bilinear filter as {@code PageImage} does it,
 * so single pixels may differ by one level from either processor.
 */
class LayoutLMv3ImageProcessorTest {

    @TempDir
    Path tmp;

    @Test
    void settingsComeFromThePreprocessorConfig() throws ModelFolderException {
        LayoutLMv3ImageProcessor p = LayoutLMv3ImageProcessor.read(V3Fixtures.folder("image"), 224);
        assertEquals(32, p.size());
        assertArrayEquals(new float[] {0.4f, 0.5f, 0.6f}, p.mean());
        assertArrayEquals(new float[] {0.2f, 0.25f, 0.3f}, p.std());
        assertEquals(224, LayoutLMv3ImageProcessor.read(tmp, 224).size(), "without the file: the model's input_size");
    }

    @Test
    void unsupportedSettingsAreNamed() throws IOException {
        Files.writeString(tmp.resolve(LayoutLMv3ImageProcessor.FILE), "{\"resample\": 3}");
        assertTrue(assertThrows(ModelFolderException.class, () -> LayoutLMv3ImageProcessor.read(tmp, 224))
                .getMessage().contains("resample 3"));
        Files.writeString(tmp.resolve(LayoutLMv3ImageProcessor.FILE), "{\"size\": {\"height\": 224, \"width\": 200}}");
        assertTrue(assertThrows(ModelFolderException.class, () -> LayoutLMv3ImageProcessor.read(tmp, 224))
                .getMessage().contains("not square"));
    }

    @Test
    void aPageDeclaringMoreThanThePixelBudgetIsRefusedBeforeAnyPixelIsDecoded() throws Exception {
        Path png = tmp.resolve("huge.png");
        com.layoutlens.data.HostileFiles.pngDeclaring(png, 25_000, 25_000);
        LayoutLMv3ImageProcessor p = LayoutLMv3ImageProcessor.read(tmp, 224);
        IOException e = assertThrows(IOException.class, () -> p.read(png));
        assertTrue(e.getMessage().contains("huge.png") && e.getMessage().contains("25000 x 25000")
                && e.getMessage().contains("budget"), e.getMessage());
        Path broken = tmp.resolve("broken.jpg");
        Files.writeString(broken, "not an image");
        assertTrue(assertThrows(IOException.class, () -> p.read(broken)).getMessage().contains("broken.jpg"));
        assertThrows(java.nio.file.NoSuchFileException.class, () -> p.read(tmp.resolve("missing.png")));
    }

    @Test
    void pixelValuesMatchBothOfTransformersProcessorsWithinOneLevel() throws IOException {
        Path folder = V3Fixtures.folder("image");
        LayoutLMv3ImageProcessor p = LayoutLMv3ImageProcessor.read(folder, 224);
        float[] ours = p.read(folder.resolve("page.png"));
        try (Checkpoint expected = V3Fixtures.open(folder, "expected.safetensors")) {
            for (String name : new String[] {"pixel_values", "pixel_values_pil"}) {
                float[] want = expected.readFloats(name);
                assertEquals(want.length, ours.length);
                double sum = 0;
                float max = 0;
                int differ = 0;
                for (int i = 0; i < want.length; i++) {
                    float d = Math.abs(want[i] - ours[i]);
                    sum += d;
                    max = Math.max(max, d);
                    if (d > 1e-6f) {
                        differ++;
                    }
                }
                System.out.printf("ours vs %s: max |diff| %.3g, mean %.3g, %d of %d values differ%n", name, max,
                        sum / want.length, differ, want.length);
                // one level of 0..255 is 1 / (255 std) after normalisation: 0.0196 for std 0.2
                assertTrue(max <= 1.0001f / (255 * 0.2f), name + ": max |diff| " + max);
                assertTrue(sum / want.length < 2e-3, name + ": mean |diff| " + sum / want.length);
            }
        }
    }
}
