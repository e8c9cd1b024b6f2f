package com.layoutlens.cli;

import picocli.CommandLine.Option;

/**
 * {@code --device cpu|gpu|auto}: where a command runs its model (a picocli mixin); {@code auto}
 * takes the GPU when the engine sees one, and a GPU that fails hands the work to the CPU.
 */
final class DeviceOption {

    @Option(names = "--device", defaultValue = "auto", paramLabel = "cpu|gpu|auto",
            description = "where the model runs; auto takes the GPU when the engine sees one (default ${DEFAULT-VALUE})")
    String device = "auto";

    /** The choice as given: {@code cpu}, {@code gpu} or {@code auto}. */
    String choice() {
        return device;
    }
}
