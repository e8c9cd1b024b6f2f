package com.layoutlens.cli;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Word;
import com.layoutlens.data.formats.CordFormat;
import com.layoutlens.data.formats.FunsdFormat;
import com.layoutlens.data.formats.LabelStudioFormat;
import com.layoutlens.data.formats.PpocrFormat;
import com.layoutlens.data.formats.ReceiptReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code import --format NAME} into our folder and {@code export --format NAME} back, for each format's fixture. */
class FormatsCommandsTest {

    private static List<String> words(Receipt r) {
        return r.words().stream().map(Word::text).toList();
    }

    private static List<String> types(Receipt r) {
        Map<Long, String> tags = r.labels().stream().collect(Collectors.toMap(LabelRow::key, LabelRow::label));
        return r.words().stream().map(w -> tags.get(w.key()).replaceFirst("^[BI]-", "").toLowerCase()).toList();
    }

    private static ReceiptReader reader(String format) {
        return switch (format) {
            case "funsd" -> new FunsdFormat();
            case "cord" -> new CordFormat();
            case "label-studio" -> new LabelStudioFormat();
            default -> new PpocrFormat();
        };
    }

    @ParameterizedTest
    @CsvSource({"funsd,funsd", "cord,cord", "label-studio,", "ppocr,"})
    void importThenExportGivesTheFixturesWordsAndLabels(String format, String builtIn, @TempDir Path tmp) throws Exception {
        Path fixture = Path.of("src/test/resources/formats", format);
        Path ours = tmp.resolve("ours");
        CliRun in = CliRun.of("import", "--format", format, "--data", fixture.toString(), "--out", ours.toString());
        assertEquals(0, in.exit(), in.err());
        ReceiptReader.Read source = reader(format).read(fixture);
        String schema = builtIn;
        if (schema == null) {
            // free label names: the schema export needs is the one import found
            schema = tmp.resolve("schema.json").toString();
            Files.writeString(Path.of(schema), "{\"name\": \"" + format + "\", \"scheme\": \"bio\", \"labels\": [\"O\", "
                    + source.schema().entityLabels().stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(", "))
                    + "]}");
        }
        Path back = tmp.resolve("back");
        CliRun out = CliRun.of("export", "--data", ours.toString(), "--schema", schema, "--format", format,
                "--out", back.toString());
        assertEquals(0, out.exit(), out.err());
        ReceiptReader.Read after = reader(format).read(back);
        assertEquals(source.receipts().size(), after.receipts().size(), after.problems().toString());
        for (int i = 0; i < source.receipts().size(); i++) {
            Receipt a = source.receipts().get(i);
            Receipt b = after.receipts().get(i);
            assertEquals(a.id(), b.id());
            assertEquals(words(a), words(b), a.id());
            assertEquals(types(a), types(b), a.id());
        }
        assertEquals(Dataset.load(ours).receipts().size(), source.receipts().size());
    }

    @Test
    void pdfPagesAreImportedWithTheirWords(@TempDir Path tmp) throws Exception {
        Path ours = tmp.resolve("ours");
        CliRun in = CliRun.of("import", "--format", "pdf", "--data", "src/test/resources/formats/pdf", "--out", ours.toString());
        assertTrue(in.err().contains("page 2 has no text layer"), in.err());
        Dataset ds = Dataset.load(ours);
        assertEquals(List.of("invoice-p1", "order"), ds.receipts().stream().map(Receipt::id).toList());
        assertEquals(List.of("Order", "#4411", "Paid", "by", "card"), words(ds.receipts().get(1)));
        assertTrue(Files.isRegularFile(ours.resolve("img/order.png")));
    }
}
