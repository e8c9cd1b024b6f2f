package com.layoutlens.model;

/**
 * The sizes behind a forward pass's largest arrays: per window of {@code n} text tokens the
 * encoder holds {@code heads} attention score matrices of {@code (n + imageTokens)^2} floats and a
 * feed-forward activation of {@code (n + imageTokens) x intermediate} floats.
 *
 * @param heads        attention heads per layer
 * @param intermediate the feed-forward width
 * @param imageTokens  positions the page image adds to every window (0 without one)
 */
public record ForwardShape(int heads, int intermediate, int imageTokens) {

    /** Bytes of the largest float32 array a batch of {@code windows} windows padded to {@code length} text tokens makes. */
    public long largestArrayBytes(int windows, int length) {
        long positions = (long) length + imageTokens;
        long scores = (long) windows * heads * positions * positions;
        long inner = (long) windows * positions * intermediate;
        return 4 * Math.max(scores, inner);
    }
}
