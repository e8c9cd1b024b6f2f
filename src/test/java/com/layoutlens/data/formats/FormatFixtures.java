package com.layoutlens.data.formats;

import com.layoutlens.data.LabelRow;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Word;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The format fixtures under {@code src/test/resources/formats/} and the checks a round trip must pass. */
final class FormatFixtures {

    private FormatFixtures() {
    }

    /** A copy of fixture folder {@code formats/NAME} in {@code tmp}, to change or to read beside. */
    static Path copy(String name, Path tmp) throws IOException {
        Path src = Path.of("src/test/resources/formats", name);
        Path dst = tmp.resolve(name);
        try (var walk = Files.walk(src)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return dst;
    }

    static List<String> words(Receipt r) {
        return r.words().stream().map(Word::text).toList();
    }

    static List<String> labels(Receipt r) {
        Map<Long, String> tags = r.labels().stream().collect(Collectors.toMap(LabelRow::key, LabelRow::label));
        return r.words().stream().map(w -> tags.get(w.key())).toList();
    }

    static Receipt byId(ReceiptReader.Read read, String id) {
        return read.receipts().stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no receipt " + id + " in " + read.receipts().stream()
                        .map(Receipt::id).toList() + "; problems " + read.problems()));
    }

    /** Same receipts (by id), same words and labels, every word box within {@code tolerance} pixels. */
    static void assertSame(ReceiptReader.Read before, ReceiptReader.Read after, int tolerance) {
        Function<ReceiptReader.Read, List<String>> ids = r -> r.receipts().stream().map(Receipt::id).sorted().toList();
        assertEquals(ids.apply(before), ids.apply(after));
        for (Receipt a : before.receipts()) {
            Receipt b = byId(after, a.id());
            assertEquals(words(a), words(b), a.id());
            assertEquals(labels(a), labels(b), a.id());
            assertEquals(a.width(), b.width(), a.id());
            assertEquals(a.height(), b.height(), a.id());
            List<Word> wa = a.words();
            List<Word> wb = b.words();
            for (int i = 0; i < wa.size(); i++) {
                var x = wa.get(i).box();
                var y = wb.get(i).box();
                int d = Math.max(Math.max(Math.abs(x.x0() - y.x0()), Math.abs(x.y0() - y.y0())),
                        Math.max(Math.abs(x.x1() - y.x1()), Math.abs(x.y1() - y.y1())));
                assertTrue(d <= tolerance, a.id() + " word " + i + " '" + wa.get(i).text() + "': " + x + " came back as " + y);
            }
        }
    }
}
