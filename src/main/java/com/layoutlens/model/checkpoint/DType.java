package com.layoutlens.model.checkpoint;

/**
 * Element types a checkpoint tensor may have. The constant names are the dtype strings of
 * the safetensors format, so {@link #valueOf(String)} parses a safetensors header directly.
 */
public enum DType {
    F64(8, true),
    F32(4, true),
    F16(2, true),
    BF16(2, true),
    I64(8, false),
    I32(4, false),
    I16(2, false),
    I8(1, false),
    U8(1, false),
    BOOL(1, false);

    private final int byteSize;
    private final boolean floatingPoint;

    DType(int byteSize, boolean floatingPoint) {
        this.byteSize = byteSize;
        this.floatingPoint = floatingPoint;
    }

    /** Bytes per element on disk. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether {@link Checkpoint#readFloats} accepts it (otherwise {@link Checkpoint#readLongs} does). */
    public boolean isFloatingPoint() {
        return floatingPoint;
    }

    /** The type for a safetensors dtype string, or {@code null} if the string names none we read. */
    public static DType fromSafetensors(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /**
     * The type of a PyTorch typed storage class ({@code FloatStorage} and so on), or
     * {@code null} if it is not one we read.
     */
    static DType fromTorchStorage(String className) {
        return switch (className) {
            case "DoubleStorage" -> F64;
            case "FloatStorage" -> F32;
            case "HalfStorage" -> F16;
            case "BFloat16Storage" -> BF16;
            case "LongStorage" -> I64;
            case "IntStorage" -> I32;
            case "ShortStorage" -> I16;
            case "CharStorage" -> I8;
            case "ByteStorage", "UntypedStorage" -> U8;
            case "BoolStorage" -> BOOL;
            default -> null;
        };
    }
}
