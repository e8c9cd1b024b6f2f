package com.layoutlens.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.IValue;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ScriptedModule.Shared}: a method that fails on its first call answers null from then
 * on while the module's other methods still run; a method that has run throws its later
 * failures (they are the input's or the memory's, not the kernel's).
 */
class ScriptedModuleSharedTest {

    private static final String SOURCE = """
            class Probe(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def plus_one(self: __torch__.Probe,
                x: Tensor) -> Tensor:
                return torch.add(x, 1)
              def halves(self: __torch__.Probe,
                x: Tensor) -> Tensor:
                return torch.reshape(x, [2, -1])
            """;

    @Test
    void aMethodThatFailsFirstIsLeftAloneAndTheOthersStillRun() {
        ScriptedModule.Shared probe = new ScriptedModule.Shared("Probe", SOURCE, "the probe", "plain path");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray odd = m.create(new float[] {1, 2, 3});
            assertNull(call(probe, "halves", m, odd), "three values do not split in two rows");
            assertNull(call(probe, "halves", m, m.create(new float[] {1, 2, 3, 4})), "not used again");
            assertTrue(probe.available());
            NDArray plus = call(probe, "plus_one", m, odd);
            assertNotNull(plus);
            assertArrayEquals(new float[] {2, 3, 4}, plus.toFloatArray());
        }
    }

    @Test
    void aMethodThatHasRunThrowsItsFailures() {
        ScriptedModule.Shared probe = new ScriptedModule.Shared("Probe", SOURCE, "the probe", "plain path");
        try (NDManager m = NDManager.newBaseManager()) {
            assertNotNull(call(probe, "halves", m, m.create(new float[] {1, 2, 3, 4})));
            NDArray odd = m.create(new float[] {1, 2, 3});
            assertThrows(RuntimeException.class, () -> call(probe, "halves", m, odd));
            assertNotNull(call(probe, "plus_one", m, odd));
        }
    }

    private static NDArray call(ScriptedModule.Shared module, String method, NDManager m, NDArray x) {
        return module.call(method, m, IValue.from((PtNDArray) x));
    }
}
