package com.layoutlens.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The first receipts of the committed {@code sample-receipts/}, copied for a test to change. */
public final class SampleReceipts {

    private SampleReceipts() {
    }

    /** Copies sample-001 .. sample-N (scan, boxes, key) into {@code target}'s img/, box/ and key/. */
    public static Path copy(Path target, int count) throws IOException {
        Path src = Path.of("sample-receipts");
        for (String sub : new String[] {"img", "box", "key"}) {
            Files.createDirectories(target.resolve(sub));
        }
        for (int i = 1; i <= count; i++) {
            String id = String.format("sample-%03d", i);
            Files.copy(src.resolve("img/" + id + ".jpg"), target.resolve("img/" + id + ".jpg"));
            Files.copy(src.resolve("box/" + id + ".csv"), target.resolve("box/" + id + ".csv"));
            Files.copy(src.resolve("key/" + id + ".json"), target.resolve("key/" + id + ".json"));
        }
        return target;
    }
}
