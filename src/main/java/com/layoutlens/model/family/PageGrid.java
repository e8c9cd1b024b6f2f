package com.layoutlens.model.family;

/**
 * How a family's visual branch cuts the page, for showing it: the page is resized to
 * {@code side x side} pixels and read as {@code cells x cells} visual tokens.
 *
 * @param side    the square page's side in pixels
 * @param cells   visual tokens per row and column
 * @param caption one sentence saying what the grid is
 */
public record PageGrid(int side, int cells, String caption) {
}
