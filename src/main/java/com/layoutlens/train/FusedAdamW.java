package com.layoutlens.train;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The engine's multi-tensor kernels for one optimizer step: gradient clipping by the global
 * norm ({@code _foreach_norm}, {@code _foreach_mul_}, as {@code clip_grad_norm_} does) and
 * the fused AdamW update ({@code _fused_adamw_}: decay, both moments and the step in one pass
 * over each weight), each one native call for all weights.
 *
 * <p>DJL exposes neither kernel, but it runs TorchScript. This class writes a small scripted
 * module that calls them (an archive of a few hundred bytes in the format {@code
 * torch.jit.save} writes: the class's source, its pickled instance, the format version),
 * loads it from memory once and calls its methods with lists of tensors. Nothing is written
 * to disk and no Python is involved.
 */
final class FusedAdamW implements AutoCloseable {

    /** The scripted module's source, as the engine's importer reads it. */
    static final String SOURCE = """
            class AdamWStep(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.AdamWStep,
                grads: List[Tensor],
                max_norm: float) -> Tensor:
                norms = torch._foreach_norm(grads, 2.)
                total = torch.linalg_vector_norm(torch.stack(norms), 2.)
                if max_norm > 0.:
                  coef = torch.clamp(torch.mul(torch.reciprocal(torch.add(total, 1e-06)), max_norm), None, 1.)
                  torch._foreach_mul_(grads, coef)
                return total
              def update(self: __torch__.AdamWStep,
                params: List[Tensor],
                grads: List[Tensor],
                exp_avgs: List[Tensor],
                exp_avg_sqs: List[Tensor],
                steps: List[Tensor],
                lr: float,
                beta1: float,
                beta2: float,
                weight_decay: float,
                eps: float) -> NoneType:
                torch._foreach_add_(steps, 1.)
                torch._fused_adamw_(params, grads, exp_avgs, exp_avg_sqs, annotate(List[Tensor], []), steps, lr=lr, beta1=beta1, beta2=beta2, weight_decay=weight_decay, eps=eps, amsgrad=False, maximize=False)
                torch._foreach_zero_(grads)
                return None
            """;

    private final PtSymbolBlock module;

    FusedAdamW(NDManager manager) {
        try {
            module = JniUtils.loadModule((PtNDManager) manager, new ByteArrayInputStream(archive()), false, false);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the optimizer's fused kernels (_fused_adamw_, _foreach_norm) could not"
                    + " be loaded from PyTorch's native library " + ai.djl.engine.Engine.getEngine("PyTorch").getVersion()
                    + " (2.4 or newer is needed): " + e.getMessage(), e);
        }
    }

    /**
     * Clips the gradients in place to a global norm (no clipping when {@code maxNorm <= 0})
     * and returns the norm before clipping, a float32 scalar array.
     */
    PtNDArray clip(List<PtNDArray> grads, double maxNorm, PtNDManager manager) {
        try (IValue list = IValue.listFrom(grads.toArray(PtNDArray[]::new));
             IValue max = IValue.from(maxNorm);
             IValue out = IValueUtils.forward(module, new IValue[] {list, max})) {
            return out.toTensor(manager);
        }
    }

    /**
     * One AdamW step for a group of weights sharing a decay: each step counter is advanced,
     * weights and moments updated in place, gradients zeroed.
     */
    void update(List<PtNDArray> params, List<PtNDArray> grads, List<PtNDArray> m, List<PtNDArray> v,
                List<PtNDArray> steps, double lr, double beta1, double beta2, double weightDecay, double eps) {
        IValue[] args = {
            IValue.listFrom(params.toArray(PtNDArray[]::new)),
            IValue.listFrom(grads.toArray(PtNDArray[]::new)),
            IValue.listFrom(m.toArray(PtNDArray[]::new)),
            IValue.listFrom(v.toArray(PtNDArray[]::new)),
            IValue.listFrom(steps.toArray(PtNDArray[]::new)),
            IValue.from(lr), IValue.from(beta1), IValue.from(beta2), IValue.from(weightDecay), IValue.from(eps),
        };
        try {
            IValueUtils.runMethod(module, "update", args).close();
        } finally {
            for (IValue a : args) {
                a.close();
            }
        }
    }

    @Override
    public void close() {
        module.close();
    }

    /** The module as {@code torch.jit.save} lays it out: stored entries under one folder. */
    static byte[] archive() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            stored(zip, "adamw/data.pkl", instancePickle());
            stored(zip, "adamw/code/__torch__.py", SOURCE.getBytes(StandardCharsets.UTF_8));
            stored(zip, "adamw/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            stored(zip, "adamw/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The pickled module instance: protocol 2, {@code __torch__.AdamWStep} built from an empty
     * tuple, its state a dictionary with {@code training = True}.
     */
    private static byte[] instancePickle() {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x80); // PROTO
        p.write(2);
        p.writeBytes("c__torch__\nAdamWStep\n".getBytes(StandardCharsets.US_ASCII)); // GLOBAL
        p.write(')'); // EMPTY_TUPLE
        p.write(0x81); // NEWOBJ
        p.write('}'); // EMPTY_DICT
        p.write('('); // MARK
        byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
        p.write('X'); // BINUNICODE, 4-byte little-endian length
        p.write(key.length);
        p.write(0);
        p.write(0);
        p.write(0);
        p.writeBytes(key);
        p.write(0x88); // NEWTRUE
        p.write('u'); // SETITEMS
        p.write('b'); // BUILD
        p.write('.'); // STOP
        return p.toByteArray();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        e.setTime(315532800000L);
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
