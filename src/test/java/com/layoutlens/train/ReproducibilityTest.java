package com.layoutlens.train;

import ai.djl.Device;
import com.layoutlens.data.LabelSet;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.Devices;
import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Same seed, same weights, however busy the machine. The command line and the app start the
 * engine without {@code ai.djl.pytorch.num_threads} and so with MKL's dynamic threading on
 * (the tests' JVM gives the property, which switches it off): these tests switch it back on
 * through MKL's own entry points before each run, as a user's run would find it.
 */
class ReproducibilityTest {

    @TempDir
    Path tmp;

    @Test
    void aTrainingRunStopsMklFromChoosingItsOwnThreadCount() throws Exception {
        Mkl mkl = Mkl.find().orElse(null);
        assumeTrue(mkl != null, "PyTorch without MKL: nothing to check");
        mkl.setDynamic(true);
        assertEquals(1, mkl.dynamic());
        new TrainingJob(TrainingJobTest.micro(tmp.resolve("run")).steps(1).evalEvery(1).build()).run();
        assertEquals(0, mkl.dynamic(), "MKL_DYNAMIC after a training run");
    }

    /**
     * The goal: the same seed gives the same weights on a busy machine. Three short runs one
     * after another, each beside three spinning threads and with MKL's dynamic mode switched
     * back on before it starts (as a fresh engine would have it), must end with identical
     * weights, bit for bit. One of the busy threads keeps creating models, whose initial values
     * come from PyTorch's one global generator, as the app loads model B while a run trains.
     */
    @Test
    void runsWithTheSameSeedUnderLoadGiveIdenticalWeights() throws Exception {
        Optional<Mkl> mkl = Mkl.find();
        List<Thread> busy = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Thread t = new Thread(i == 0 ? ReproducibilityTest::loadModels : ReproducibilityTest::spin, "busy-" + i);
                t.setDaemon(true);
                t.start();
                busy.add(t);
            }
            Path[] outs = {tmp.resolve("a"), tmp.resolve("b"), tmp.resolve("c")};
            for (Path out : outs) {
                mkl.ifPresent(m -> m.setDynamic(true));
                new TrainingJob(TrainingConfig.builder(TrainingJobTest.SAMPLES, out)
                        .preset(new Preset("load", 64, 2, 2, 256, 2000, 1e-3)).steps(16).batchSize(4).maxLength(128)
                        .devFraction(0).evalEvery(16).checkpointEvery(16).device("cpu").seed(3).build()).run();
            }
            for (int k = 1; k < outs.length; k++) {
                try (Checkpoint a = Checkpoints.open(outs[0].resolve("checkpoint/model.safetensors"));
                     Checkpoint b = Checkpoints.open(outs[k].resolve("checkpoint/model.safetensors"))) {
                    assertEquals(a.names(), b.names());
                    for (String n : a.names()) {
                        assertArrayEquals(a.readFloats(n), b.readFloats(n), 0f, "run " + (k + 1) + ": " + n);
                    }
                }
            }
        } finally {
            busy.forEach(Thread::interrupt);
        }
    }

    /** Creates and closes small models until interrupted: each draws its initial values from the generator. */
    private static void loadModels() {
        while (!Thread.currentThread().isInterrupted()) {
            try (TrainableModel m = TrainableModels.family("layoutlm").create(
                    new Preset("loader", 32, 1, 2, 64, 500, 1e-3), 500, LabelSet.sroie().labels(), Device.cpu())) {
                m.weights();
            } catch (Exception e) {
                return;
            }
        }
    }

    private static void spin() {
        double x = 1;
        while (!Thread.currentThread().isInterrupted()) {
            x = Math.sqrt(x + 1);
        }
    }

    /** MKL's exported switches inside the loaded {@code libtorch_cpu}. */
    record Mkl(Function get, Function set) {

        static Optional<Mkl> find() throws Exception {
            Devices.pytorch();
            Path maps = Path.of("/proc/self/maps");
            if (!Files.isReadable(maps)) {
                return Optional.empty();
            }
            for (String line : Files.readAllLines(maps)) {
                int at = line.indexOf('/');
                if (at >= 0 && line.endsWith("libtorch_cpu.so")) {
                    NativeLibrary lib = NativeLibrary.getInstance(line.substring(at));
                    try {
                        return Optional.of(new Mkl(lib.getFunction("mkl_serv_get_dynamic"),
                                lib.getFunction("MKL_Set_Dynamic")));
                    } catch (UnsatisfiedLinkError e) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.empty();
        }

        int dynamic() {
            return get.invokeInt(new Object[0]);
        }

        void setDynamic(boolean on) {
            set.invokeVoid(new Object[] {on ? 1 : 0});
        }
    }
}
