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
}
