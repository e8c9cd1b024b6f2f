package com.layoutlens.data.formats;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each format recognises its own fixture folder and none of the others', as detecting a folder's format needs. */
class FormatRecognitionTest {

    @Test
    void eachFixtureIsRecognisedByItsOwnFormatOnly() {
        List<ReceiptReader> readers = List.of(new FunsdFormat(), new CordFormat(), new LabelStudioFormat(),
                new PpocrFormat(), new PdfFormat(), new HfFormat());
        for (String fixture : List.of("funsd", "cord", "label-studio", "ppocr", "pdf")) {
            Path dir = Path.of("src/test/resources/formats", fixture);
            List<String> recognising = readers.stream().filter(r -> r.recognises(dir)).map(ReceiptReader::name).toList();
            assertEquals(List.of(fixture), recognising, dir.toString());
        }
        List<String> ours = readers.stream().filter(r -> r.recognises(Path.of("sample-receipts")))
                .map(ReceiptReader::name).toList();
        assertEquals(List.of(), ours, "our own folder is none of these formats");
    }

    @Test
    void aFormatsSchemaWithoutReadingIsTheOneReadingGives(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        for (String fixture : List.of("funsd", "cord", "label-studio", "ppocr", "pdf")) {
            Path dir = Path.of("src/test/resources/formats", fixture);
            ReceiptReader reader = ReceiptFormats.detect(dir);
            assertEquals(described(reader.read(dir).schema()), described(reader.schema(dir)), fixture);
        }
        Path hf = tmp.resolve("hf");
        new HfFormat().write(com.layoutlens.data.Dataset.load(Path.of("sample-receipts")).receipts().subList(0, 2),
                com.layoutlens.data.LabelSet.sroie(), hf);
        assertEquals(described(new HfFormat().read(hf).schema()), described(new HfFormat().schema(hf)));
        assertEquals("sroie", new HfFormat().schema(hf).name(), "labels.json names SROIE's tags");
    }

    private static String described(com.layoutlens.data.LabelSet s) {
        return s == null ? "none" : s.name() + " " + s.scheme() + " " + s.tags();
    }
}
