package com.layoutlens.data.samples;

import com.layoutlens.data.LabelRow;
import com.layoutlens.data.Segment;

import java.awt.image.BufferedImage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One generated receipt in memory, before it is written as SROIE files.
 *
 * @param id       the file stem, e.g. {@code sample-001}
 * @param image    the rendered scan
 * @param segments the OCR segments, one per printed cell, boxes where the text was drawn
 * @param keys     the gold values: company, date, address, total
 * @param labels   one row per word of {@link Segment#words()}, labelled from what was drawn
 */
public record SampleReceipt(String id, BufferedImage image, List<Segment> segments, Map<String, String> keys,
                            List<LabelRow> labels) {

    public SampleReceipt {
        segments = List.copyOf(segments);
        keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        labels = List.copyOf(labels);
    }
}
