package com.layoutlens.model.registry;

import com.layoutlens.model.forward.ForwardArchitecture;
import com.layoutlens.model.forward.ForwardException;
import com.layoutlens.model.forward.MemoryEstimate;
import com.layoutlens.model.forward.MemoryBudget;
import com.layoutlens.model.ModelFolderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForwardModelsTest {

    @TempDir
    Path tmp;

    private Path folder(String config) throws IOException {
        Files.writeString(tmp.resolve("config.json"), config);
        return tmp;
    }

    @Test
    void folderWithoutModelTypeIsLayoutLM() throws IOException {
        assertEquals("layoutlm", ForwardModels.open(folder("{\"num_labels\": 3}")).modelType());
    }

    @Test
    void layoutLMv2FoldersRunAsLayoutLMv2() throws Exception {
        Path v2 = Path.of(getClass().getResource("/fixtures/layoutlmv2/tiny-a/config.json").toURI()).getParent();
        ForwardArchitecture a = ForwardModels.open(v2);
        assertEquals("layoutlmv2", a.modelType());
        assertTrue(a.inputs().stream().anyMatch(i -> i.name().equals("image") && i.required()));
    }

    @Test
    void layoutLMv3FoldersRunAsLayoutLMv3WithAnOptionalPage() throws Exception {
        Path v3 = Path.of(getClass().getResource("/fixtures/layoutlmv3/tiny-a/config.json").toURI()).getParent();
        ForwardArchitecture a = ForwardModels.open(v3);
        assertEquals("layoutlmv3", a.modelType());
        assertTrue(a.inputs().stream().anyMatch(i -> i.name().equals("pixel_values") && !i.required()
                && i.floating()));
        // the page's 197 tokens count at base size: more than the text-only estimate of v1
        ForwardArchitecture base = ForwardModels.open(folder("{\"model_type\": \"layoutlmv3\"}"));
        ForwardArchitecture v1 = ForwardModels.open(folder("{\"model_type\": \"layoutlm\"}"));
        assertTrue(base.estimate(8, 512, false).nativeBytes() > v1.estimate(8, 512, false).nativeBytes());
    }

    @Test
    void unknownModelTypeIsNamed() throws IOException {
        ModelFolderException e = assertThrows(ModelFolderException.class,
                () -> ForwardModels.open(folder("{\"model_type\": \"bert\"}")));
        assertTrue(e.getMessage().contains("model_type 'bert'"), e.getMessage());
    }

    @Test
    void baseSizeBatchOfFull512TokenWindowsNeedsAboutAGigabyte() throws IOException {
        ForwardArchitecture base = ForwardModels.open(folder("{\"model_type\": \"layoutlm\"}"));
        MemoryEstimate e = base.estimate(8, 512, false);
        double gb = e.nativeBytes() / (double) (1L << 30);
        assertTrue(gb > 0.5 && gb < 2, "estimate " + gb + " GB");
        // attention scores grow with the square of the length
        assertTrue(base.estimate(8, 1024, false).nativeBytes() > 2.5 * e.nativeBytes());
        // hidden states are copied back to the heap: 13 x 8 x 512 x 768 floats
        long heapWithStates = base.estimate(8, 512, true).heapBytes();
        assertTrue(heapWithStates - e.heapBytes() == 13L * 8 * 512 * 768 * 4);
    }

    @Test
    void budgetRefusesNamingInputIds() throws ForwardException {
        MemoryBudget budget = new MemoryBudget(1L << 30, 1L << 30, "available memory");
        budget.check(new MemoryEstimate(1L << 29, 1L << 20), 8, 512);
        ForwardException device = assertThrows(ForwardException.class,
                () -> budget.check(new MemoryEstimate(3L << 30, 1L << 20), 64, 512));
        assertEquals("input_ids", device.tensor());
        assertTrue(device.getMessage().contains("64 x 512") && device.getMessage().contains("3.0 GB")
                && device.getMessage().contains("1.0 GB of available memory"), device.getMessage());
        ForwardException heap = assertThrows(ForwardException.class,
                () -> budget.check(new MemoryEstimate(1L << 20, 2L << 30), 64, 512));
        assertTrue(heap.getMessage().contains("Java heap") && heap.getMessage().contains("-Xmx"), heap.getMessage());
    }
}
