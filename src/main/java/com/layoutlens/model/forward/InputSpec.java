package com.layoutlens.model.forward;

import java.util.List;

/**
 * One input tensor a model takes, by the name transformers' models use for it.
 *
 * <p>Dimensions are either a number, which must match exactly, or a symbol ({@code B} for the
 * batch, {@code T} for the text length) that must take the same value in every tensor of a call.
 *
 * @param name     the keyword argument name in transformers ({@code input_ids}, {@code bbox}, ...)
 * @param required whether the call fails without it; an optional tensor takes a default
 * @param floating float32 values (an image) rather than integers (int64, int32 accepted)
 * @param dims     the dimensions, outermost first
 */
public record InputSpec(String name, boolean required, boolean floating, List<String> dims) {

    public InputSpec {
        dims = List.copyOf(dims);
    }

    /** A required integer tensor. */
    public static InputSpec ints(String name, String... dims) {
        return new InputSpec(name, true, false, List.of(dims));
    }

    /** An optional integer tensor. */
    public static InputSpec optionalInts(String name, String... dims) {
        return new InputSpec(name, false, false, List.of(dims));
    }

    /** A required float32 tensor. */
    public static InputSpec floats(String name, String... dims) {
        return new InputSpec(name, true, true, List.of(dims));
    }

    /** The shape as the user should read it, e.g. {@code [B, T, 4]}. */
    public String shapeText() {
        return "[" + String.join(", ", dims) + "]";
    }

    /** The dtypes accepted, as the user should read them. */
    public String dtypeText() {
        return floating ? "float32" : "int64 or int32";
    }
}
