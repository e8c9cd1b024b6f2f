package com.layoutlens.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;

/**
 * The 2D position tables of every family's layout embedding, as transformers names them beside
 * the word table: {@code x_position_embeddings} and {@code y_position_embeddings} for the box
 * corners, {@code h_position_embeddings} and {@code w_position_embeddings} for its height and
 * width. LayoutLM sums the six lookups into the hidden width ({@link #addTo}); LayoutLMv2 and
 * LayoutLMv3 concatenate them ({@link #concat}). Made by {@link HfModule#layoutTables}, which
 * registers them on the embedding module.
 */
public record LayoutTables(HfEmbedding x, HfEmbedding y, HfEmbedding h, HfEmbedding w) {

    /**
     * The boxes of a regular grid of visual tokens over the page's 0..1000 coordinates, row-major:
     * cell (r, c) at x0 = floor(1000 c / cols), y0 = floor(1000 r / rows), x1 and y1 the next
     * column's and row's; 4 values a cell.
     */
    public static long[] gridBoxes(int rows, int cols) {
        long[] boxes = new long[rows * cols * 4];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int i = (r * cols + c) * 4;
                boxes[i] = Math.floorDiv(1000L * c, cols);
                boxes[i + 1] = Math.floorDiv(1000L * r, rows);
                boxes[i + 2] = Math.floorDiv(1000L * (c + 1), cols);
                boxes[i + 3] = Math.floorDiv(1000L * (r + 1), rows);
            }
        }
        return boxes;
    }

    /**
     * LayoutLM's sum: {@code e + X(x0) + Y(y0) + X(x1) + Y(y1) + H(y1-y0) + W(x1-x0)}, added in
     * that order (the float sum of transformers').
     *
     * @param e     (B, N, hidden) the embeddings so far
     * @param boxes (B, N, 4) int64, x0 y0 x1 y1
     */
    public NDArray addTo(ParameterStore ps, NDArray e, NDArray boxes, boolean training) {
        NDArray x0 = boxes.get(":, :, 0");
        NDArray y0 = boxes.get(":, :, 1");
        NDArray x1 = boxes.get(":, :, 2");
        NDArray y1 = boxes.get(":, :, 3");
        return e.add(x.apply(ps, x0, training))
                .add(y.apply(ps, y0, training))
                .add(x.apply(ps, x1, training))
                .add(y.apply(ps, y1, training))
                .add(h.apply(ps, y1.sub(y0), training))
                .add(w.apply(ps, x1.sub(x0), training));
    }

    /**
     * LayoutLMv2's and LayoutLMv3's 2D position embedding of (B, N, 4) boxes (x0, y0, x1, y1):
     * {@code [X(x0) | Y(y0) | X(x1) | Y(y1) | H(y1-y0) | W(x1-x0)]}, (B, N, 4 x-width + 2 h-width).
     * Heights and widths are clipped to {@code [0, maxShape]} when {@code maxShape >= 0}, else used
     * as they are.
     */
    public NDArray concat(ParameterStore ps, NDArray boxes, int maxShape, boolean training) {
        NDArray x0 = boxes.get(":, :, 0");
        NDArray y0 = boxes.get(":, :, 1");
        NDArray x1 = boxes.get(":, :, 2");
        NDArray y1 = boxes.get(":, :, 3");
        NDArray height = y1.sub(y0);
        NDArray width = x1.sub(x0);
        if (maxShape >= 0) {
            height = height.clip(0, maxShape);
            width = width.clip(0, maxShape);
        }
        return NDArrays.concat(new NDList(
                x.apply(ps, x0, training),
                y.apply(ps, y0, training),
                x.apply(ps, x1, training),
                y.apply(ps, y1, training),
                h.apply(ps, height, training),
                w.apply(ps, width, training)), -1);
    }
}
