package com.layoutlens.cli;

import java.io.PrintWriter;

import ai.djl.Device;
import com.layoutlens.model.Devices;
import com.layoutlens.model.ModelFolderException;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.CheckpointException;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.checkpoint.SafetensorsWriter;
import com.layoutlens.model.forward.ForwardArchitecture;
import com.layoutlens.model.forward.ForwardException;
import com.layoutlens.model.forward.ForwardInputs;
import com.layoutlens.model.registry.ForwardModels;
import com.layoutlens.model.forward.ForwardResult;
import com.layoutlens.model.forward.MemoryBudget;
import com.layoutlens.model.forward.MemoryEstimate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code forward}: one forward pass of a model folder over tensors exported from Python,
 * written back as safetensors, so that our numbers can be compared with transformers' on
 * exactly the same inputs.
 */
@Command(name = "forward",
        description = {"Run a model folder (config.json and model.safetensors or pytorch_model.bin) on input "
                + "tensors saved from Python with safetensors, named as transformers' models take them: "
                + "input_ids (int64 [B,T]), bbox (int64 [B,T,4], 0..1000), attention_mask and token_type_ids "
                + "(int64 [B,T], optional); int32 is accepted too.",
                "Writes logits (float32 [B,T,num_labels]) and, with --hidden-states, hidden_states.N for every "
                        + "layer (0 = embeddings output). Nothing is written when the inputs are wrong."},
        mixinStandardHelpOptions = true)
public final class ForwardCommand extends CliCommand {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "model folder")
    Path model;

    @Option(names = "--inputs", required = true, paramLabel = "IN.safetensors", description = "input tensors")
    Path inputs;

    @Option(names = "--out", required = true, paramLabel = "OUT.safetensors", description = "where to write the outputs")
    Path out;

    @Option(names = "--hidden-states", description = "also write hidden_states.N for every layer")
    boolean hiddenStates;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|gpu|auto",
            description = "where the model runs (default ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--max-memory", paramLabel = "SIZE",
            description = "refuse a batch whose estimated need exceeds SIZE (e.g. 2g, 500m); "
                    + "default: 80%% of the memory available on the device")
    String maxMemory;

    @Override
    public Integer call() throws IOException {
        LayoutLensCli.requireFolder(model);
        long limit = maxMemory == null ? -1 : parseSize(maxMemory);
        long start = System.nanoTime();
        try {
            ForwardArchitecture arch = ForwardModels.open(model);
            if (Files.exists(out) && Files.exists(inputs) && Files.isSameFile(out, inputs)) {
                throw new LayoutLensCli.UsageException("--out " + out + " is the inputs file: write the outputs to a "
                        + "file of their own");
            }
            if (com.layoutlens.data.formats.OutputPlace.within(com.layoutlens.data.formats.OutputPlace.real(out),
                    com.layoutlens.data.formats.OutputPlace.real(model))) {
                // the model's weights, config or tokenizer files are never written over, nor mixed with outputs
                throw new LayoutLensCli.UsageException("--out " + out + " is in the model folder " + model
                        + ": write the outputs to a file of their own outside it");
            }
            ForwardInputs in;
            try (Checkpoint file = Checkpoints.open(inputs)) {
                in = ForwardInputs.read(file, arch.inputs());
                arch.checkValues(in);
            } catch (CheckpointException | ForwardException e) {
                // what is wrong with a tensor is said with the file it came from
                String m = e.getMessage();
                throw new LayoutLensCli.UsageException(m.startsWith(inputs.toString()) ? m : inputs + ": " + m);
            }
            long b = in.dim("B");
            long t = in.dim("T");
            Device dev = Devices.choose(device);
            MemoryEstimate need = arch.estimate(b, t, hiddenStates);
            MemoryBudget budget = limit < 0 ? MemoryBudget.available(dev) : MemoryBudget.limitedTo(limit);
            budget.check(need, b, t);
            if (!in.ignored().isEmpty()) {
                err().println("note: ignored tensors not taken by " + arch.modelType() + ": "
                        + String.join(", ", in.ignored()));
            }
            ForwardResult result;
            Device ran;
            long loaded;
            try (ForwardArchitecture.Runner runner = arch.load(dev)) {
                loaded = System.nanoTime();
                result = runner.forward(in, hiddenStates);
                ran = runner.device();
            }
            long done = System.nanoTime();
            try {
                SafetensorsWriter.write(out, result.tensors(), Map.of("format", "pt", "producer",
                        "layoutlens forward", "model_type", arch.modelType()));
            } catch (CheckpointException e) {
                throw e;
            } catch (IOException e) {
                throw new LayoutLensCli.Failure(com.layoutlens.data.WriteErrors.cannotWrite(out, e));
            }
            long[] shape = result.logits().shape();
            out().printf(Locale.ROOT, "%s on %s: %d x %d tokens -> logits %s%s in %.3fs (load %.3fs, forward %.3fs)"
                            + " -> %s%n", arch.modelType(), ran.isGpu() ? "gpu " + ran.getDeviceId() : "cpu", b, t, java.util.Arrays.toString(shape),
                    hiddenStates ? " + " + (result.tensors().size() - 1) + " hidden states" : "",
                    (System.nanoTime() - start) / 1e9, (loaded - start) / 1e9, (done - loaded) / 1e9, out);
            return 0;
        } catch (ModelFolderException | ForwardException e) {
            throw new LayoutLensCli.UsageException(e.getMessage());
        }
    }

    /** {@code 2g}, {@code 512m}, {@code 100k} or plain bytes. */
    static long parseSize(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT).replaceFirst("b$", "");
        long unit = 1;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                case 't' -> unit = 1L << 40;
                default -> unit = 1;
            }
        }
        String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
        try {
            double v = Double.parseDouble(digits.trim());
            if (v <= 0 || Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return (long) (v * unit);
        } catch (NumberFormatException e) {
            throw new LayoutLensCli.UsageException("--max-memory '" + text + "' is not a size (e.g. 2g, 500m)");
        }
    }
}
