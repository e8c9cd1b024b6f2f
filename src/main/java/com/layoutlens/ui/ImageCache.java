package com.layoutlens.ui;

import javafx.scene.image.Image;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recently shown scans, decoded in the background by JavaFX; switching back to
 * a cached receipt costs no decoding.
 */
final class ImageCache {

    private final int capacity;
    private final Map<Path, Image> images;

    ImageCache(int capacity) {
        this.capacity = capacity;
        this.images = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, Image> eldest) {
                return size() > ImageCache.this.capacity;
            }
        };
    }

    /** The image of a file, loading it in the background on first use; null for no file. */
    synchronized Image get(Path file) {
        if (file == null) {
            return null;
        }
        return images.computeIfAbsent(file, ImageCache::load);
    }

    /**
     * A scan over the decode budget is loaded at a reduced size (the canvas scales it to the
     * page anyway); one over the pixel budget never gets here, the folder reader drops it.
     */
    private static Image load(Path file) {
        String url = file.toUri().toString();
        int[] size = com.layoutlens.data.Dataset.imageSize(file);
        int step = size == null ? 1 : com.layoutlens.model.encode.PageImage.subsampling(size[0], size[1]);
        return step > 1 ? new Image(url, (double) size[0] / step, (double) size[1] / step, true, true, true)
                : new Image(url, true);
    }

    private static final Map<Path, Image> THUMBNAILS = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Image> eldest) {
            return size() > 2000; // a thumbnail is a few KB
        }
    };

    /** A small thumbnail, decoded once in the background and kept (table cells are refreshed often). */
    static Image thumbnail(Path file, double width, double height) {
        synchronized (THUMBNAILS) {
            return THUMBNAILS.computeIfAbsent(file, f -> new Image(f.toUri().toString(), width, height, true, true, true));
        }
    }
}
