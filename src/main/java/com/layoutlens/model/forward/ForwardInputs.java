package com.layoutlens.model.forward;

import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.CheckpointException;
import com.layoutlens.model.checkpoint.DType;
import com.layoutlens.model.checkpoint.TensorInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The input tensors of one forward call, read from a file exported from Python and checked
 * against the tensors a model takes: presence, dtype and shape, with the batch size {@code B}
 * and text length {@code T} agreed between all of them. Integer tensors are held as int64,
 * whatever their width on disk; an optional tensor that is absent is simply not there (the
 * model applies its default).
 */
public final class ForwardInputs {

    private final Map<String, long[]> ints;
    private final Map<String, float[]> floats;
    private final Map<String, long[]> shapes;
    private final Map<String, Long> dims;
    private final List<String> ignored;

    private ForwardInputs(Map<String, long[]> ints, Map<String, float[]> floats, Map<String, long[]> shapes,
                          Map<String, Long> dims, List<String> ignored) {
        this.ints = ints;
        this.floats = floats;
        this.shapes = shapes;
        this.dims = dims;
        this.ignored = ignored;
    }

    /**
     * Reads and checks the tensors {@code specs} name; other tensors in the file are listed
     * in {@link #ignored()}.
     *
     * @throws ForwardException naming the first tensor that is missing or of the wrong dtype or shape
     */
    public static ForwardInputs read(Checkpoint source, List<InputSpec> specs) throws ForwardException {
        Map<String, long[]> ints = new LinkedHashMap<>();
        Map<String, float[]> floats = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, Long> dims = new LinkedHashMap<>();
        Map<String, String> dimOrigin = new LinkedHashMap<>();
        Set<String> known = new TreeSet<>();
        for (InputSpec spec : specs) {
            known.add(spec.name());
            if (!source.contains(spec.name())) {
                if (spec.required()) {
                    throw new ForwardException(spec.name(), source.source() + ": tensor '" + spec.name()
                            + "' is missing (expected " + spec.dtypeText() + " " + spec.shapeText() + "; found "
                            + listed(source.names()) + ")");
                }
                continue;
            }
            TensorInfo info;
            try {
                info = source.info(spec.name());
            } catch (CheckpointException e) {
                throw new ForwardException(spec.name(), e.getMessage(), e);
            }
            checkDtype(spec, info);
            checkShape(spec, info, dims, dimOrigin);
            shapes.put(spec.name(), info.shape());
            try {
                if (spec.floating() && info.dtype() == DType.U8) {
                    long[] v = source.readLongs(spec.name());
                    float[] f = new float[v.length];
                    for (int i = 0; i < v.length; i++) {
                        f[i] = v[i];
                    }
                    floats.put(spec.name(), f);
                } else if (spec.floating()) {
                    floats.put(spec.name(), source.readFloats(spec.name()));
                } else {
                    ints.put(spec.name(), source.readLongs(spec.name()));
                }
            } catch (CheckpointException e) {
                throw new ForwardException(spec.name(), e.getMessage(), e);
            }
        }
        List<String> ignored = new ArrayList<>();
        for (String n : source.names()) {
            if (!known.contains(n)) {
                ignored.add(n);
            }
        }
        return new ForwardInputs(ints, floats, shapes, dims, List.copyOf(ignored));
    }

    /** The first names of a file, enough to see which file it is. */
    private static String listed(Set<String> names) {
        if (names.isEmpty()) {
            return "no tensors";
        }
        List<String> first = new ArrayList<>(names).subList(0, Math.min(6, names.size()));
        return String.join(", ", first) + (names.size() > first.size()
                ? " and " + (names.size() - first.size()) + " more" : "");
    }

    private static void checkDtype(InputSpec spec, TensorInfo info) throws ForwardException {
        DType t = info.dtype();
        // float16 / bfloat16 images are exact for 0..255 pixels and are widened on reading; uint8 is
        // what LayoutLMv2's image processor returns, read as the same values in float32
        boolean ok = spec.floating() ? (t == DType.F32 || t == DType.F16 || t == DType.BF16 || t == DType.U8)
                : (t == DType.I64 || t == DType.I32);
        if (!ok) {
            throw new ForwardException(spec.name(), "tensor '" + spec.name() + "' is " + name(t) + ", expected "
                    + spec.dtypeText() + " " + spec.shapeText());
        }
    }

    private static void checkShape(InputSpec spec, TensorInfo info, Map<String, Long> dims,
                                   Map<String, String> origin) throws ForwardException {
        long[] shape = info.shape();
        List<String> want = spec.dims();
        String wrong = null;
        if (shape.length != want.size()) {
            wrong = shape.length + " dimensions";
        } else {
            for (int i = 0; i < shape.length && wrong == null; i++) {
                String d = want.get(i);
                if (Character.isDigit(d.charAt(0))) {
                    if (shape[i] != Long.parseLong(d)) {
                        wrong = "dimension " + i + " of " + shape[i];
                    }
                } else if (shape[i] < 1) {
                    wrong = "an empty dimension " + d;
                } else if (dims.containsKey(d) && dims.get(d) != shape[i]) {
                    wrong = d + " = " + shape[i] + " where " + origin.get(d) + " has " + d + " = " + dims.get(d);
                }
            }
        }
        if (wrong != null) {
            throw new ForwardException(spec.name(), "tensor '" + spec.name() + "' has shape " + Arrays.toString(shape)
                    + ", expected " + spec.shapeText() + expectedValues(want, dims) + " (" + wrong + ")");
        }
        for (int i = 0; i < shape.length; i++) {
            String d = want.get(i);
            if (!Character.isDigit(d.charAt(0)) && !dims.containsKey(d)) {
                dims.put(d, shape[i]);
                origin.put(d, "'" + spec.name() + "'");
            }
        }
    }

    /** {@code = [2, 7, 4]} once B and T are known, so the user sees the numbers too. */
    private static String expectedValues(List<String> want, Map<String, Long> dims) {
        List<String> values = new ArrayList<>();
        for (String d : want) {
            if (Character.isDigit(d.charAt(0))) {
                values.add(d);
            } else if (dims.containsKey(d)) {
                values.add(String.valueOf(dims.get(d)));
            } else {
                return "";
            }
        }
        return " = [" + String.join(", ", values) + "]";
    }

    private static String name(DType t) {
        return switch (t) {
            case F64 -> "float64";
            case F32 -> "float32";
            case F16 -> "float16";
            case BF16 -> "bfloat16";
            case I64 -> "int64";
            case I32 -> "int32";
            case I16 -> "int16";
            case I8 -> "int8";
            case U8 -> "uint8";
            case BOOL -> "bool";
        };
    }

    /** Whether the file held this tensor. */
    public boolean has(String name) {
        return ints.containsKey(name) || floats.containsKey(name);
    }

    /** An integer tensor's values, row-major, as int64; null when absent. */
    public long[] longs(String name) {
        return ints.get(name);
    }

    /** A float tensor's values, row-major; null when absent. */
    public float[] floats(String name) {
        return floats.get(name);
    }

    /** A tensor's shape; null when absent. */
    public long[] shape(String name) {
        long[] s = shapes.get(name);
        return s == null ? null : s.clone();
    }

    /** The value a symbolic dimension took ({@code B}, {@code T}). */
    public long dim(String symbol) {
        Long v = dims.get(symbol);
        if (v == null) {
            throw new IllegalArgumentException("no tensor has dimension " + symbol);
        }
        return v;
    }

    /** Tensors of the file that the model does not take, in file order. */
    public List<String> ignored() {
        return ignored;
    }

    /**
     * Checks that every value of an integer tensor lies in {@code min..max}.
     *
     * @param why what the range comes from, e.g. {@code vocab_size 30522}
     */
    public void checkRange(String name, long min, long max, String why) throws ForwardException {
        long[] v = ints.get(name);
        if (v == null) {
            return;
        }
        long[] shape = shapes.get(name);
        for (int i = 0; i < v.length; i++) {
            if (v[i] < min || v[i] > max) {
                throw new ForwardException(name, "tensor '" + name + "' holds " + v[i] + " at " + index(shape, i)
                        + ", expected values in " + min + ".." + max + " (" + why + ")");
            }
        }
    }

    /** The index of the i-th element of a row-major tensor, as {@code [b, t, c]}. */
    static String index(long[] shape, long flat) {
        long[] idx = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return Arrays.toString(idx);
    }
}
