package com.layoutlens.model.family;

/**
 * The widths a named training size ({@code tiny}, {@code small}) fixes for every family; each
 * family derives the rest of a fresh configuration from them.
 *
 * @param hidden       hidden width
 * @param layers       encoder layers
 * @param heads        attention heads
 * @param intermediate feed-forward width
 */
public record ModelSize(int hidden, int layers, int heads, int intermediate) {
}
