package com.layoutlens.model.forward;

import ai.djl.Device;

import java.util.Locale;

/**
 * Tells an engine allocation failure from other engine errors, and turns it into a message
 * about the batch, since the estimate that guards every call can still be beaten by
 * another process taking memory meanwhile.
 */
final class OutOfMemory {

    private OutOfMemory() {
    }

    /** PyTorch's CPU and CUDA allocators say so in their messages. */
    static boolean isOutOfMemory(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (c instanceof OutOfMemoryError) {
                return true;
            }
            if (m != null) {
                String s = m.toLowerCase(Locale.ROOT);
                if (s.contains("out of memory") || s.contains("can't allocate memory")
                        || s.contains("cannot allocate memory") || s.contains("bad_alloc")) {
                    return true;
                }
            }
        }
        return false;
    }

    static ForwardException report(long batch, long length, Device device, Throwable cause) {
        return new ForwardException("input_ids", "tensor 'input_ids': a batch of " + batch + " x " + length
                + " tokens ran out of memory on " + device + "; split the batch into smaller ones", cause);
    }
}
