package com.layoutlens.model;

/**
 * PyTorch has one global random generator per process. Whoever seeds it and draws from it
 * (a training step's dropout masks, the initial values a model block gets before its weights
 * are loaded) holds {@link #LOCK} for the whole seed-and-draw, so that a model loaded in the
 * background (model B in the app, a prediction in another thread) never takes random numbers
 * out of a training step's stream: otherwise the same seed would not give the same weights.
 */
public final class TorchRandom {

    /** The monitor held while seeding and drawing from PyTorch's global generator. */
    public static final Object LOCK = new Object();

    private TorchRandom() {
    }
}
