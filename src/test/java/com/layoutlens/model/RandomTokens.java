package com.layoutlens.model;

import java.util.Random;

/**
 * Random word ids and boxes for the speed benchmarks' fixed shapes (test mains): ids from
 * {@code firstId} up, boxes of up to 100 x 100 inside 1000 x 1000.
 *
 * @param ids   {@code tokens} ids
 * @param boxes {@code 4 tokens} coordinates, x0 y0 x1 y1 per token
 */
public record RandomTokens(long[] ids, long[] boxes) {

    public static RandomTokens draw(Random rnd, int tokens, int firstId) {
        long[] ids = new long[tokens];
        long[] boxes = new long[tokens * 4];
        for (int i = 0; i < tokens; i++) {
            ids[i] = firstId + rnd.nextInt(20000);
            int x = rnd.nextInt(900);
            int y = rnd.nextInt(900);
            boxes[4 * i] = x;
            boxes[4 * i + 1] = y;
            boxes[4 * i + 2] = x + rnd.nextInt(100);
            boxes[4 * i + 3] = y + rnd.nextInt(100);
        }
        return new RandomTokens(ids, boxes);
    }
}
