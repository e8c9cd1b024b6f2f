package com.layoutlens.data.formats;

import com.layoutlens.data.Receipt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/** What the writers share: a receipt's image copied into the folder a format keeps its images in. */
final class ReceiptImages {

    private ReceiptImages() {
    }

    /**
     * Copies the receipt's image to {@code dir/ID.ext} (the extension of the source, in lower
     * case), replacing an earlier copy.
     *
     * @return the copy, or null when the receipt has no image
     */
    static Path copy(Receipt r, Path dir) throws IOException {
        if (r.image() == null) {
            return null;
        }
        String name = r.image().getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        Path target = dir.resolve(r.id() + "." + ext);
        Files.copy(r.image(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }
}
