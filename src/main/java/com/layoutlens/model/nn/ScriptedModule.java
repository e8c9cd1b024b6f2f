package com.layoutlens.model.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
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
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A small TorchScript module written in memory and loaded by the engine: the way to reach
 * PyTorch kernels DJL does not expose (the fused AdamW update, oneDNN's convolution with its
 * activation fused).
 *
 * <p>The archive is laid out as {@code torch.jit.save} writes it: under one folder, the
 * class's source ({@code code/__torch__.py}), its pickled instance ({@code data.pkl}: the
 * class built from an empty tuple, its state {@code training = True}), empty constants and
 * the format version. The source must be a class {@code NAME(Module)} without parameters or
 * buffers, in the form the engine's importer reads (serialized TorchScript: fully qualified
 * {@code torch.*} and {@code ops.*} calls, typed {@code self: __torch__.NAME}). Nothing is
 * written to disk and no Python is involved.
 *
 * <p>The archive declares format version 3: the importer then replaces operators whose meaning
 * changed in later versions by their old forms (integer {@code torch.div} truncates, as before
 * version 4). No source here uses them; a new one that does must write the version
 * {@code torch.jit.save} would.
 */
public final class ScriptedModule {

    private ScriptedModule() {
    }

    /**
     * Loads the class {@code className} with the given source onto {@code manager}'s device.
     *
     * @throws IOException when the engine cannot read it (an operator this build of PyTorch lacks)
     */
    public static PtSymbolBlock load(NDManager manager, String className, String source) throws IOException {
        return JniUtils.loadModule((PtNDManager) manager, new ByteArrayInputStream(archive(className, source)), false,
                false);
    }

    /**
     * One scripted module for the whole process, loaded on first use (and never closed, like the
     * engine's own kernels), for inference kernels that have a plain path beside them. A module
     * that cannot be loaded is not used in this process, and a method that fails on its first call
     * is not used again (the module's other methods still are): a note goes to the error stream
     * and {@link #call} answers null, so the caller takes its plain path. Once a method has run, a
     * failure of it (out of memory) is the call's own and is thrown.
     * The system property {@code layoutlens.fusedKernels=false} keeps every such module unused,
     * to measure the plain paths.
     */
    public static final class Shared {

        private static final boolean ENABLED =
                Boolean.parseBoolean(System.getProperty("layoutlens.fusedKernels", "true"));

        private final String className;
        private final String source;
        private final String what;
        private final String fallback;
        private final Object lock = new Object();
        private volatile PtSymbolBlock module;
        private volatile boolean unavailable = !ENABLED;
        /** The methods that have run once: a later failure of one of them is thrown. */
        private final java.util.Set<String> worked = java.util.concurrent.ConcurrentHashMap.newKeySet();
        /** The methods that failed on their first call: not used again; the others still are. */
        private final java.util.Set<String> failed = java.util.concurrent.ConcurrentHashMap.newKeySet();

        /**
         * @param what     the kernel, for the note ("the fused attention")
         * @param fallback what happens instead, for the note ("attention runs step by step")
         */
        public Shared(String className, String source, String what, String fallback) {
            this.className = className;
            this.source = source;
            this.what = what;
            this.fallback = fallback;
        }

        /** Whether the module loaded and has not failed. */
        public boolean available() {
            return module() != null;
        }

        /** Whether a call has succeeded. */
        public boolean worked() {
            return !worked.isEmpty();
        }

        /** Whether {@code -Dlayoutlens.fusedKernels=false} leaves every such module unused. */
        public static boolean switchedOff() {
            return !ENABLED;
        }

        /**
         * Runs {@code method} (closing {@code args} afterwards) and returns its tensor in
         * {@code manager}, or null when the module is not available, or this method failed on
         * this, its first call, or on an earlier first call.
         */
        public NDArray call(String method, NDManager manager, IValue... args) {
            try {
                PtSymbolBlock m = module();
                if (m == null || failed.contains(method)) {
                    return null;
                }
                try (IValue out = IValueUtils.runMethod(m, method, args)) {
                    NDArray result = out.toTensor((PtNDManager) manager);
                    worked.add(method);
                    return result;
                } catch (RuntimeException e) {
                    if (worked.contains(method)) {
                        throw e; // the kernel runs here: this is the input's or the memory's failure
                    }
                    if (failed.add(method)) {
                        System.err.println("note: " + what + " (" + method + ") failed on its first call ("
                                + brief(e) + "); " + fallback + " there, a little slower");
                    }
                    return null;
                }
            } finally {
                for (IValue a : args) {
                    a.close();
                }
            }
        }

        private PtSymbolBlock module() {
            if (unavailable) {
                return null;
            }
            PtSymbolBlock m = module;
            if (m == null) {
                synchronized (lock) {
                    if (unavailable) {
                        return null;
                    }
                    m = module;
                    if (m == null) {
                        try {
                            m = load(NDManager.newBaseManager(Device.cpu(), "PyTorch"), className, source);
                            module = m;
                        } catch (IOException | RuntimeException e) {
                            disable("could not be loaded", e);
                            return null;
                        }
                    }
                }
            }
            return m;
        }

        private void disable(String why, Exception cause) {
            if (!unavailable) {
                unavailable = true;
                System.err.println("note: " + what + " " + why + " (" + brief(cause) + "); " + fallback
                        + ", a little slower");
            }
        }

        /** The exception's class and the first line of its message: the note stays one line. */
        private static String brief(Exception e) {
            String m = e.getMessage() == null ? "" : e.getMessage().strip();
            int nl = m.indexOf('\n');
            return e.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + (nl < 0 ? m : m.substring(0, nl).strip()));
        }
    }

    /** The archive of one class: stored entries under a folder named after it. */
    static byte[] archive(String className, String source) {
        if (!className.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a class name: " + className);
        }
        String folder = className.toLowerCase(java.util.Locale.ROOT);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            stored(zip, folder + "/data.pkl", instancePickle(className));
            stored(zip, folder + "/code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
            stored(zip, folder + "/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            stored(zip, folder + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The pickled module instance: protocol 2, {@code __torch__.NAME} built from an empty tuple,
     * its state a dictionary with {@code training = True}.
     */
    private static byte[] instancePickle(String className) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x80); // PROTO
        p.write(2);
        p.writeBytes(("c__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII)); // GLOBAL
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
