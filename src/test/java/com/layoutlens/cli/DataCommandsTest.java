package com.layoutlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DataCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path sroie() {
        Path dir = Path.of(System.getProperty("layoutlens.sroie", "../shared/sroie"));
        assumeTrue(Files.isDirectory(dir.resolve("box")), "SROIE receipts not found at " + dir);
        return dir;
    }

    @Test
    void helpListsTheCommands() {
        CliRun r = CliRun.of("help");
        assertEquals(0, r.exit());
        for (String c : new String[] {"align", "stats"}) {
            assertTrue(r.out().contains(c), "help lists " + c + ":\n" + r.out());
        }
    }

    @Test
    void alignWritesOneLabelFilePerReceiptAndAJsonSummary(@TempDir Path out) throws Exception {
        Path data = sroie();
        CliRun r = CliRun.of("align", "--data", data.toString(), "--out", out.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals(250, j.get("receipts").asInt());
        assertEquals(13_383, j.get("segments").asInt());
        assertTrue(j.get("words").asInt() > 13_383);
        assertTrue(j.get("errors").isArray());
        assertEquals(998, j.get("fields_total").asInt());
        assertTrue(j.get("fields_aligned").asInt() >= 0.97 * 998);
        for (String f : new String[] {"company", "date", "address", "total"}) {
            assertTrue(j.get("fields").get(f).get("coverage_in_ocr").asDouble() >= 0.97, f);
        }
        try (var files = Files.list(out)) {
            assertEquals(250, files.count());
        }
        var rows = LabelFile.readStrict(out.resolve("002.csv"), LabelSet.sroie());
        assertTrue(rows.stream().anyMatch(x -> x.label().equals("TOTAL") && x.text().equals("33.90")));
    }

    @Test
    void alignOnAFormatWithoutKeyFilesNamesTheFileTheReceiptWasReadFrom(@TempDir Path tmp) throws Exception {
        Path funsd = tmp.resolve("funsd");
        Files.createDirectories(funsd);
        for (String sub : new String[] {"annotations", "images"}) {
            try (var files = Files.list(Path.of("src/test/resources/formats/funsd", sub))) {
                Files.createDirectories(funsd.resolve(sub));
                for (Path f : files.toList()) {
                    Files.copy(f, funsd.resolve(sub).resolve(f.getFileName()));
                }
            }
        }
        CliRun r = CliRun.of("align", "--data", funsd.toString(), "--out", tmp.resolve("gold").toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains(funsd.resolve("annotations/form_0001.json") + ": error: no gold values"), r.err());
        assertTrue(!r.err().contains("key/form_0001.json"), "no key file is named: the format has none\n" + r.err());
    }

    @Test
    void alignReadsTheCorrectedWordsAndSaysSo(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("box"));
        Files.createDirectories(dir.resolve("key"));
        Files.writeString(dir.resolve("box/001.csv"), "10,40,120,40,120,60,10,60,TOTAL:25.00\n");
        Files.writeString(dir.resolve("key/001.json"), "{\"company\":\"ACME\",\"total\":\"25.00\"}");
        com.layoutlens.data.OcrCorrections.write(com.layoutlens.data.OcrCorrections.file(dir, "001"),
                new com.layoutlens.data.OcrCorrections.Corrections(
                        java.util.List.of(new com.layoutlens.data.OcrCorrections.Split(0, 0, 6)), null));
        CliRun r = CliRun.of("align", "--data", dir.toString(), "--out", dir.resolve("labels").toString());
        assertTrue(r.out().contains("OCR corrections: 1 receipt read with 1 correction"), r.out());
        var rows = LabelFile.readStrict(dir.resolve("labels/001.csv"), LabelSet.sroie());
        assertEquals("25.00", rows.get(1).text());
        assertEquals("TOTAL", rows.get(1).label());
        assertEquals("O", rows.get(0).label());
        CliRun j = CliRun.of("align", "--data", dir.toString(), "--out", dir.resolve("labels").toString(), "--json");
        assertEquals("001", JSON.readTree(j.out()).get("ocr_corrected").get(0).asText());
    }

    @Test
    void statsJustifiesTheRulesWithFigures() throws Exception {
        Path data = sroie();
        CliRun r = CliRun.of("stats", "--data", data.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals(250, j.get("receipts").asInt());
        JsonNode labels = j.get("labels");
        assertEquals(j.get("words").asInt(), labels.get("O").asInt() + labels.get("COMPANY").asInt()
                + labels.get("DATE").asInt() + labels.get("ADDRESS").asInt() + labels.get("TOTAL").asInt());
        assertTrue(j.get("total_value_occurrences").get("receipts_repeated").asInt() > 100,
                "SROIE totals are usually repeated (subtotal, cash)");
        JsonNode rules = j.get("rules");
        assertTrue(rules.get("total-keyword").get("words_share").asDouble() > 0.9);
        assertTrue(rules.get("company-top").get("words_share").asDouble() > 0.8);
        assertTrue(j.get("company_lines").get("line_histogram").has("0"));

        // the report's hypotheses side by side; the rule figures are the rules' own
        JsonNode h = j.get("hypotheses");
        assertEquals(rules.get("total-keyword").get("values_satisfied"), h.get("total_keyword").get("values_satisfied"));
        assertEquals(rules.get("company-top").get("words_share"), h.get("company_top").get("words_share"));
        JsonNode bold = h.get("bold_total");
        int withTotal = bold.get("receipts_with_total").asInt();
        assertTrue(withTotal > 240 && withTotal <= 250, "receipts with a measured TOTAL: " + withTotal);
        long sum = 0;
        for (JsonNode c : bold.get("histogram").get("total")) {
            sum += c.asLong();
        }
        assertEquals(withTotal, sum);
        assertEquals(bold.get("receipts_total_bolder_than_median_word").asDouble() / withTotal,
                bold.get("share_total_bolder_than_median_word").asDouble(), 1e-12);
        JsonNode p = bold.get("total_relative_percentiles");
        assertTrue(p.get("p10").asDouble() <= p.get("p50").asDouble() && p.get("p50").asDouble() <= p.get("p90").asDouble());
        assertTrue(bold.get("other_numbers").asInt() > 1000);
    }

    @Test
    void statsWritesEachWordsStrokeWeight(@TempDir Path tmp) throws Exception {
        Path data = Path.of("sample-receipts");
        Path csv = tmp.resolve("weights.csv");
        CliRun r = CliRun.of("stats", "--data", data.toString(), "--weights", csv.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = JSON.readTree(r.out());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("receipt,segment,word,text,label,weight,relative", lines.get(0));
        assertEquals(j.get("words").asInt(), lines.size() - 1);
        JsonNode bold = j.get("hypotheses").get("bold_total");
        assertEquals(j.get("receipts").asInt(), bold.get("receipts_measured").asInt());
        long measured = lines.stream().skip(1).filter(l -> !l.endsWith(",,")).count();
        assertTrue(measured > (lines.size() - 1) / 2, measured + " of " + (lines.size() - 1) + " words measured");
        CliRun text = CliRun.of("stats", "--data", data.toString());
        assertTrue(text.out().contains("Hypotheses of the report") && text.out().contains("bold TOTAL"), text.out());
    }

    @Test
    void aMissingFolderIsAUsageErrorWithoutAStackTrace(@TempDir Path tmp) {
        CliRun r = CliRun.of("align", "--data", tmp.resolve("nope").toString(), "--out", tmp.toString());
        assertEquals(LayoutLensCli.USAGE, r.exit());
        assertTrue(r.err().contains("nope") && r.err().contains("not a folder"), r.err());
        assertTrue(!r.err().contains("\tat "), r.err());
    }
}
