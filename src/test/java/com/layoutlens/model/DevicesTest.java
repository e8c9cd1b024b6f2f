package com.layoutlens.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DevicesTest {

    @Test
    void cpuIsAlwaysThereAndAutoFollowsTheEngine() throws ModelFolderException {
        assertEquals(Device.cpu(), Devices.choose("cpu"));
        assertEquals(Device.cpu(), Devices.choose(" CPU "));
        boolean gpu = Engine.getEngine("PyTorch").getGpuCount() > 0;
        assertEquals(gpu ? Device.gpu() : Device.cpu(), Devices.choose(null));
        assertEquals(gpu ? Device.gpu() : Device.cpu(), Devices.choose("auto"));
    }

    @Test
    void unknownOrMissingDevicesAreExplained() {
        ModelFolderException e = assertThrows(ModelFolderException.class, () -> Devices.choose("tpu"));
        assertTrue(e.getMessage().contains("unknown device 'tpu'"), e.getMessage());
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        e = assertThrows(ModelFolderException.class, () -> Devices.choose("gpu" + gpus));
        assertTrue(e.getMessage().contains("the engine sees"), e.getMessage());
    }

    @Test
    void aCudaBuildWithoutItsNvidiaLibrariesIsExplained() {
        Exception e = new ai.djl.engine.EngineException("Failed to load PyTorch native library",
                new UnsatisfiedLinkError("/opt/torch/lib/libshm.so: libcupti.so.12: cannot open shared object file:"
                        + " No such file or directory"));
        String m = Devices.engineFailure(e, "/opt/torch/lib");
        assertTrue(m.contains("PYTORCH_LIBRARY_PATH=/opt/torch/lib"), m);
        assertTrue(m.contains("libcupti.so.12: cannot open shared object file"), m);
        assertTrue(m.contains("CUDA build"), m);
        assertTrue(m.contains("unset PYTORCH_LIBRARY_PATH"), m);
    }

    @Test
    void aMissingNvidiaDriverIsNamedAsTheDriver() {
        Exception e = new ai.djl.engine.EngineException("Failed to load PyTorch native library",
                new UnsatisfiedLinkError("/opt/torch/lib/libcaffe2_nvrtc.so: libcuda.so.1: cannot open shared object"
                        + " file: No such file or directory"));
        String m = Devices.engineFailure(e, "/opt/torch/lib");
        assertTrue(m.contains("NVIDIA driver"), m);
        assertTrue(!m.contains("pip installs them"), m);
    }

    @Test
    void aWrongLibraryFolderIsExplainedWithoutBlamingCuda() {
        Exception e = new ai.djl.engine.EngineException("Failed to load PyTorch native library",
                new UnsatisfiedLinkError("/tmp/x/libtorch.so: cannot open shared object file"));
        String m = Devices.engineFailure(e, "/tmp/x");
        assertTrue(m.contains("must name the lib folder of PyTorch 2.7.1"), m);
        assertTrue(!m.contains("CUDA build"), m);
        assertTrue(Devices.engineFailure(e, null).contains("the build's own CPU library"));
    }
}
