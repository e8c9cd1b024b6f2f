package com.layoutlens.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Small receipt folders for UI tests, copied into a temporary folder so that edits touch nothing shared. */
final class TestData {

    private TestData() {
    }

    static Path sroie() {
        Path dir = Path.of(System.getProperty("layoutlens.sroie", "../shared/sroie"));
        assumeTrue(Files.isDirectory(dir.resolve("box")), "SROIE receipts not found at " + dir);
        return dir;
    }

    /** Copies the given receipts (img, box, key) into {@code target}. */
    static Path copy(Path target, String... ids) throws IOException {
        Path src = sroie();
        for (String sub : new String[] {"img", "box", "key"}) {
            Files.createDirectories(target.resolve(sub));
        }
        for (String id : ids) {
            Files.copy(src.resolve("img/" + id + ".jpg"), target.resolve("img/" + id + ".jpg"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(src.resolve("box/" + id + ".csv"), target.resolve("box/" + id + ".csv"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(src.resolve("key/" + id + ".json"), target.resolve("key/" + id + ".json"), StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
