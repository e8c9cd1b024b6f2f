package com.layoutlens.model;

import ai.djl.Device;
import ai.djl.engine.Engine;

import java.util.Locale;

/** Where models run: the GPU when the engine sees one, else the CPU, unless the user says otherwise. */
public final class Devices {

    private Devices() {
    }

    /**
     * The device for a user choice.
     *
     * @param choice {@code cpu}, {@code gpu} (the first GPU), {@code gpuN}, or null / {@code auto}
     * @throws ModelFolderException when a GPU is asked for and the engine sees none
     */
    public static Device choose(String choice) throws ModelFolderException {
        String c = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        switch (c) {
            case "auto":
            case "":
                return gpus > 0 ? Device.gpu() : Device.cpu();
            case "cpu":
                return Device.cpu();
            default:
                if (c.startsWith("gpu") || c.startsWith("cuda")) {
                    String n = c.replaceFirst("^(gpu|cuda)[:]?", "");
                    int id;
                    try {
                        id = n.isEmpty() ? 0 : Integer.parseInt(n);
                    } catch (NumberFormatException e) {
                        throw new ModelFolderException("unknown device '" + choice + "' (use cpu, gpu or gpuN)");
                    }
                    if (id >= gpus) {
                        throw new ModelFolderException("device '" + choice + "' asked for, but the engine sees "
                                + (gpus == 0 ? "no GPU (the CPU build of PyTorch is on the class path)" : gpus + " GPUs"));
                    }
                    return Device.gpu(id);
                }
                throw new ModelFolderException("unknown device '" + choice + "' (use cpu, gpu or gpuN)");
        }
    }

    /** The short name users see and type back: {@code cpu}, {@code gpu} (the first GPU) or {@code gpuN}. */
    public static String name(Device device) {
        return device.isGpu() ? "gpu" + (device.getDeviceId() > 0 ? device.getDeviceId() : "") : "cpu";
    }

    /**
     * Which device a choice would use, as a short name, without failing: the app shows it
     * before a job starts, and a choice that cannot be honoured is reported by the job itself.
     */
    public static String describe(String choice) {
        try {
            return name(choose(choice));
        } catch (ModelFolderException | RuntimeException e) {
            return "cpu";
        }
    }
}
