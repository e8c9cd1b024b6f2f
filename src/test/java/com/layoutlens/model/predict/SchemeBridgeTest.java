package com.layoutlens.model.predict;

import ai.djl.Device;
import com.layoutlens.data.Box;
import com.layoutlens.data.Chunks;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.TagProbabilities;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemeBridgeTest {

    private static LabelRow row(int w, String tag, double... p) {
        LabelSet io = LabelSet.sroie();
        return new LabelRow(0, w, new Box(0, 0, 1, 1), "w" + w, tag, p[io.tagIndex(tag)],
                new TagProbabilities(io.tags(), p));
    }

    @Test
    void plainRowsAreWrittenInBioAndIobesWithTheirProbabilityMovedTypeByType() throws Exception {
        LabelSet io = LabelSet.sroie();
        assertEquals(List.of("O", "COMPANY", "DATE", "ADDRESS", "TOTAL"), io.tags(), "the order the rows below use");
        List<LabelRow> rows = List.of(
                row(0, "O", 0.7, 0.1, 0, 0, 0.2),
                row(1, "TOTAL", 0.1, 0, 0, 0, 0.9),
                row(2, "TOTAL", 0.2, 0, 0, 0.1, 0.7),
                row(3, "DATE", 0.3, 0, 0.6, 0, 0.1));
        LabelSet bio = LabelSet.resolve("sroie-bio");
        List<LabelRow> b = SchemeBridge.rewrite(rows, io, bio);
        assertEquals(List.of("O", "B-TOTAL", "I-TOTAL", "B-DATE"), b.stream().map(LabelRow::label).toList());
        assertEquals(0.9, b.get(1).score(), 1e-12, "the model's own tag's probability");
        assertEquals(0.2, b.get(0).probs().of("B-TOTAL"), 1e-12, "O beside a TOTAL: it would start one");
        assertEquals(0.7, b.get(2).probs().of("I-TOTAL"), 1e-12);
        assertEquals(0.1, b.get(2).probs().of("B-ADDRESS"), 1e-12);
        assertEquals(0.1, b.get(3).probs().of("I-TOTAL"), 1e-12, "after a TOTAL, a TOTAL would continue it");
        LabelSet iobes = LabelSet.resolve("sroie-iobes");
        List<LabelRow> e = SchemeBridge.rewrite(rows, io, iobes);
        assertEquals(List.of("O", "B-TOTAL", "E-TOTAL", "S-DATE"), e.stream().map(LabelRow::label).toList());
        assertEquals(0.2, e.get(0).probs().of("B-TOTAL"), 1e-12, "before a TOTAL run: would begin it");
        for (List<LabelRow> written : List.of(b, e)) {
            for (LabelRow r : written) {
                assertEquals(1.0, r.probs().sum(), 1e-9, r.toString());
                assertEquals(r.label(), r.probs().argmax(), "the written tag is the most probable one");
            }
        }
        assertEquals(rows.stream().map(LabelRow::label).toList(),
                SchemeBridge.rewrite(b, bio, io).stream().map(LabelRow::label).toList(), "and back");
    }

    @Test
    void aPlainModelInABioSchemaWritesTheEntitiesItsPlainRunReads() throws Exception {
        LabelSet bio = LabelSet.resolve("sroie-bio");
        assertEquals(LabelSet.sroie().tags(), SchemeBridge.predictIn(List.of("O", "COMPANY", "DATE", "ADDRESS", "TOTAL"),
                bio).tags(), "the demo's plain labels predict in IO");
        assertEquals(bio, SchemeBridge.predictIn(bio.tags(), bio));
        List<Receipt> receipts = Dataset.load(Path.of("sample-receipts")).receipts().subList(0, 3);
        Path demo = Path.of("models/demo-layoutlm");
        List<ReceiptPredictor.Result> plain = new ArrayList<>();
        List<ReceiptPredictor.Result> tagged = new ArrayList<>();
        try (ReceiptPredictor p = ReceiptPredictor.open(demo, Device.cpu(), LabelSet.sroie(), ReceiptPredictor.Settings.defaults());
             ReceiptPredictor q = ReceiptPredictor.open(demo, Device.cpu(), bio, ReceiptPredictor.Settings.defaults())) {
            p.predict(receipts, plain::add, null);
            q.predict(receipts, tagged::add, null);
        }
        boolean anyEntity = false;
        for (int k = 0; k < receipts.size(); k++) {
            List<String> io = plain.get(k).rows().stream().map(LabelRow::label).toList();
            List<String> written = tagged.get(k).rows().stream().map(LabelRow::label).toList();
            assertEquals(Chunks.convert(io, LabelSet.sroie(), bio), written, receipts.get(k).id());
            for (LabelRow r : tagged.get(k).rows()) {
                assertTrue(bio.tagIndex(r.label()) >= 0, r.label());
                assertEquals(bio.tags(), r.probs().tags());
                anyEntity |= !r.label().equals("O");
            }
        }
        assertTrue(anyEntity);
    }
}
