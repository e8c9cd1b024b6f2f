package com.layoutlens.ui;

import com.layoutlens.data.Box;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelFile;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.OcrCorrections;
import com.layoutlens.data.OcrSuggestions;
import com.layoutlens.data.Receipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Correcting the OCR through the receipt view model: every edit one undoable step, saved at once. */
@org.junit.jupiter.api.extension.ExtendWith(org.testfx.framework.junit5.ApplicationExtension.class)
class OcrEditingViewModelTest {

    static final String BOX = """
            10,10,130,10,130,30,10,30,D.T.Y. (M) SDN BHD
            10,40,120,40,120,60,10,60,TOTAL:25.00
            10,70,100,70,100,90,10,90,THANK YOU
            """;

    static Path folder(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("box"));
        Files.createDirectories(dir.resolve("key"));
        Files.writeString(dir.resolve("box/001.csv"), BOX);
        Files.writeString(dir.resolve("key/001.json"),
                "{\"company\":\"D.I.Y. (M) SDN BHD\",\"date\":\"\",\"address\":\"\",\"total\":\"25.00\"}");
        return dir;
    }

    private static ReceiptViewModel open(Path dir) throws Exception {
        Dataset ds = Dataset.load(dir);
        ReceiptViewModel vm = new ReceiptViewModel(LabelSet.sroie());
        vm.show(ds.receipt("001"), dir.resolve("labels"), null);
        return vm;
    }

    private static List<String> texts(ReceiptViewModel vm) {
        return vm.goldRows().stream().map(r -> r.text() + "=" + r.label()).toList();
    }

    @Test
    void editSplitMergeDeleteAddAreEachOneUndoableStepSavedAtOnce(@TempDir Path tmp) throws Exception {
        Path dir = folder(tmp);
        byte[] box = Files.readAllBytes(dir.resolve("box/001.csv"));
        ReceiptViewModel vm = open(dir);
        assertTrue(vm.canCorrectOcr());
        assertEquals("TOTAL:25.00=TOTAL", texts(vm).get(4), "glued: the whole word is the total");

        assertTrue(vm.editText(0, "D.I.Y."));
        assertEquals("D.I.Y.", vm.goldRows().get(0).text());
        assertTrue(Files.exists(dir.resolve("corrections/001.json")));
        assertTrue(Files.exists(dir.resolve("labels/001.csv")));

        assertTrue(vm.split(4, 6));
        assertEquals(List.of("TOTAL:=TOTAL", "25.00=TOTAL"), texts(vm).subList(4, 6), "both halves keep the label");
        vm.goldProperty().get().setLabel(new int[] {4}, "O");

        vm.selection().addAll(List.of(6, 7));
        assertTrue(vm.mergeSelection());
        assertEquals("THANKYOU=O", texts(vm).get(6));

        vm.selection().add(1);
        assertTrue(vm.deleteSelection());
        assertEquals(6, vm.goldRows().size());

        assertTrue(vm.addWord(new Box(10, 100, 60, 120), "RM", -1));
        assertEquals("RM=O", texts(vm).get(6));
        assertEquals(new Box(10, 100, 60, 120), vm.goldRows().get(6).box());

        assertTrue(vm.setBox(0, new Box(12, 11, 50, 29)));
        assertEquals(new Box(12, 11, 50, 29), vm.goldRows().get(0).box());
        assertTrue(vm.receiptProperty().get().ocrCorrected());
        assertTrue(vm.corrected(vm.goldRows().get(0)));
        assertEquals(6, OcrCorrections.read(dir.resolve("corrections/001.json")).corrections().edits().size());

        // reloaded: the corrected words with their labels, the box file as it was
        ReceiptViewModel again = open(dir);
        assertEquals(texts(vm), texts(again));
        assertEquals("25.00=TOTAL", texts(again).get(4));
        assertArrayEquals(box, Files.readAllBytes(dir.resolve("box/001.csv")));
        Receipt r = Dataset.load(dir).receipt("001");
        assertEquals(6, r.ocrEdits());
        assertEquals(r.words().size(), LabelFile.readStrict(dir.resolve("labels/001.csv"), LabelSet.sroie()).size());

        // undo walks back through word and label edits alike, each saved
        assertTrue(vm.undo()); // box
        assertTrue(vm.undo()); // add
        assertTrue(vm.undo()); // delete
        assertEquals(7, vm.goldRows().size());
        assertTrue(vm.undo()); // merge
        assertEquals(List.of("THANK=O", "YOU=O"), texts(vm).subList(6, 8));
        assertEquals(2, OcrCorrections.read(dir.resolve("corrections/001.json")).corrections().edits().size());
        assertTrue(vm.undo()); // label
        assertTrue(vm.undo()); // split
        assertEquals("TOTAL:25.00=TOTAL", texts(vm).get(4));
        assertTrue(vm.redo());
        assertEquals("25.00=TOTAL", texts(vm).get(5));
        assertTrue(vm.undo());
        assertTrue(vm.undo()); // text
        assertFalse(Files.exists(dir.resolve("corrections/001.json")), "no corrections left: no file");
        assertEquals("D.T.Y.", vm.goldRows().get(0).text());
        assertArrayEquals(box, Files.readAllBytes(dir.resolve("box/001.csv")));
    }

    @Test
    void aTextWithASpaceBecomesTwoWordsAndAWordThatIsNotThereIsRefused(@TempDir Path tmp) throws Exception {
        ReceiptViewModel vm = open(folder(tmp));
        assertTrue(vm.editText(4, "TOTAL: 25.00"));
        assertEquals(List.of("TOTAL:=TOTAL", "25.00=TOTAL"), texts(vm).subList(4, 6));
        assertFalse(vm.split(0, 40));
        assertFalse(vm.ocrMessageProperty().get().isEmpty());
        vm.selection().addAll(List.of(0, 4));
        assertFalse(vm.mergeSelection(), "D.T.Y. does not end its segment: not neighbours of TOTAL:");
        vm.selection().clear();
        vm.selection().addAll(List.of(0, 2));
        assertFalse(vm.mergeSelection(), "(M) lies between them");
    }

    @Test
    void wordsOfTwoSegmentsMergeIntoTheFirstWordsSegmentWithTheirLabelsUndoneAsOneStep(@TempDir Path tmp)
            throws Exception {
        Path dir = folder(tmp);
        ReceiptViewModel vm = open(dir);
        vm.goldProperty().get().setLabel(new int[] {5, 6}, "ADDRESS");
        List<String> before = texts(vm);
        // TOTAL:25.00 ends segment 1, THANK begins segment 2
        vm.selection().addAll(List.of(4, 5));
        assertTrue(vm.mergeSelection(), vm.ocrMessageProperty().get());
        assertEquals(List.of("TOTAL:25.00THANK=TOTAL", "YOU=ADDRESS"), texts(vm).subList(4, 6));
        assertEquals(List.of(1, 2), vm.goldRows().subList(4, 6).stream().map(LabelRow::segment).toList());
        assertEquals(0, vm.goldRows().get(5).word(), "YOU is now the first word of segment 2");
        assertEquals(List.of("TOTAL:25.00THANK", "YOU"), LabelFile.readStrict(dir.resolve("labels/001.csv"),
                LabelSet.sroie()).subList(4, 6).stream().map(LabelRow::text).toList());
        // the rest of segment 2 too: it is left empty and goes
        vm.selection().addAll(List.of(4, 5));
        assertTrue(vm.mergeSelection());
        assertEquals("TOTAL:25.00THANKYOU=TOTAL", texts(vm).get(4));
        assertEquals(5, vm.goldRows().size());
        assertEquals(List.of(0, 1), vm.receiptProperty().get().segments().stream().map(s -> s.index()).toList());
        assertEquals(2, OcrCorrections.read(dir.resolve("corrections/001.json")).corrections().edits().size());
        assertEquals(texts(vm), texts(open(dir)), "reloaded as left");
        assertTrue(vm.undo());
        assertTrue(vm.undo());
        assertEquals(before, texts(vm));
        assertFalse(Files.exists(dir.resolve("corrections/001.json")));
    }

    @Test
    void tabFindsTheSuspiciousWordsAndEnterAcceptsThem(@TempDir Path tmp) throws Exception {
        ReceiptViewModel vm = open(folder(tmp));
        OcrSuggestions.Suggestion s = vm.selectNextSuggestion();
        assertNotNull(s);
        assertEquals("D.T.Y.", s.word().text());
        assertEquals(java.util.Set.of(0), vm.selection());
        OcrSuggestions.Suggestion next = vm.selectNextSuggestion();
        assertEquals("TOTAL:25.00", next.word().text());
        assertTrue(vm.accept(next));
        assertEquals(List.of("TOTAL:=O", "25.00=TOTAL"), texts(vm).subList(4, 6),
                "a split suggestion labels the halves as the key file aligns them");
        assertEquals(List.of(4, 5), vm.splitHalvesProperty().get());
    }

    @Test
    void aSplitOffersALabelForEachHalfAndEachChoiceIsItsOwnStep(@TempDir Path tmp) throws Exception {
        Path dir = folder(tmp);
        ReceiptViewModel vm = open(dir);
        assertTrue(vm.editText(4, "TOTAL: 25 .00"));
        assertEquals(List.of("TOTAL:=TOTAL", "25=TOTAL", ".00=TOTAL"), texts(vm).subList(4, 7),
                "by default every part keeps the word's label");
        assertEquals(List.of(4, 5, 6), vm.splitHalvesProperty().get());
        assertTrue(vm.labelWord(4, "O"));
        assertEquals(List.of("TOTAL:=O", "25=TOTAL", ".00=TOTAL"), texts(vm).subList(4, 7));
        assertEquals("O", LabelFile.readStrict(dir.resolve("labels/001.csv"), LabelSet.sroie()).get(4).label());
        assertTrue(vm.undo());
        assertEquals(List.of("TOTAL:=TOTAL", "25=TOTAL"), texts(vm).subList(4, 6), "the label choice undone alone");
        assertEquals(List.of(), vm.splitHalvesProperty().get());
        assertTrue(vm.split(0, 2));
        assertEquals(List.of(0, 1), vm.splitHalvesProperty().get());
        vm.selection().addAll(List.of(8, 9));
        assertTrue(vm.mergeSelection());
        assertEquals(List.of(), vm.splitHalvesProperty().get(), "a merge makes no halves");
    }

    @Test
    void theNumberKeysLabelTheWordsOfATypedSplitOneAfterTheOtherAndAReloadKeepsTheirLabels(@TempDir Path tmp)
            throws Exception {
        Path dir = folder(tmp);
        ReceiptViewModel vm = open(dir);
        assertTrue(vm.editText(4, "TOTAL: 25.00"));
        assertEquals(List.of("TOTAL:=TOTAL", "25.00=TOTAL"), texts(vm).subList(4, 6), "both keep the word's label");
        assertEquals(java.util.Set.of(4), vm.selection(), "the first half is selected");
        assertTrue(vm.labelSelection("O"));
        assertEquals(java.util.Set.of(5), vm.selection(), "then the second");
        assertFalse(vm.labelSelection("TOTAL"), "its own label's key keeps it, no edit");
        assertTrue(vm.selection().isEmpty(), "past the last half");
        assertEquals(List.of("TOTAL:=O", "25.00=TOTAL"), texts(vm).subList(4, 6));
        // a word that is not a half: labelled as ever, the selection stays
        vm.selection().add(6);
        assertTrue(vm.labelSelection("ADDRESS"));
        assertEquals(java.util.Set.of(6), vm.selection());
        vm.closeSplitHalves();
        assertEquals(List.of(), vm.splitHalvesProperty().get());

        // reloaded: the halves have the labels chosen
        assertEquals(texts(vm), texts(open(dir)));
        assertEquals(List.of("TOTAL:=O", "25.00=TOTAL", "THANK=ADDRESS"), texts(open(dir)).subList(4, 7));
        // the choice is one label edit per half: the undo takes back the label, not the split
        assertTrue(vm.undo());
        assertTrue(vm.undo());
        assertEquals(List.of("TOTAL:=TOTAL", "25.00=TOTAL"), texts(vm).subList(4, 6));
    }

    @Test
    void wordsTheTokenizerBreaksIntoManyPiecesAreAKindOfTheirOwn(@TempDir Path tmp) throws Exception {
        ReceiptViewModel vm = open(folder(tmp));
        assertEquals(0, vm.suggestionCounts().get(OcrSuggestions.Kind.PIECES), "no tokenizer yet");
        vm.piecesProperty().set(TokenizerPieces.of(TokenizerPieces.DEMO));
        assertEquals(0, vm.suggestionCounts().get(OcrSuggestions.Kind.PIECES), "the demo vocabulary knows every word");
        assertTrue(vm.addWord(new Box(10, 100, 60, 120), "RECEIPI", -1));
        assertEquals(1, vm.suggestionCounts().get(OcrSuggestions.Kind.PIECES), "r ##e ##c ##e ##i ##p ##i");
        assertEquals(1, vm.suggestionCounts().get(OcrSuggestions.Kind.APPROXIMATE));

        // one kind chosen: its words selected, Tab walks only them
        vm.chooseSuggestionKind(OcrSuggestions.Kind.PIECES);
        assertEquals(java.util.Set.of(7), vm.selection());
        OcrSuggestions.Suggestion s = vm.selectNextSuggestion();
        assertEquals("RECEIPI", s.word().text());
        assertEquals(s, vm.selectNextSuggestion(), "the only one of its kind");
        assertFalse(vm.accept(s), "nothing to accept: the user types the correction");
        assertTrue(vm.editText(7, "RECEIPT"));
        assertEquals(0, vm.suggestionCounts().get(OcrSuggestions.Kind.PIECES));
        vm.chooseSuggestionKind(null);
        assertEquals("D.T.Y.", vm.selectNextSuggestion().word().text(), "every kind again");
    }

    @Test
    void aDrawnWordJoinsTheLineItTouchesElseItIsANewSegment(@TempDir Path tmp) throws Exception {
        ReceiptViewModel vm = open(folder(tmp));
        assertTrue(vm.addDrawnWord(new Box(125, 42, 150, 58), "RM"));
        LabelRow joined = vm.goldRows().stream().filter(r -> r.text().equals("RM")).findFirst().orElseThrow();
        assertEquals(1, joined.segment(), "beside TOTAL:25.00, on its line");
        assertEquals(1, joined.word());
        assertTrue(vm.addDrawnWord(new Box(10, 150, 60, 170), "CASH"));
        LabelRow alone = vm.goldRows().stream().filter(r -> r.text().equals("CASH")).findFirst().orElseThrow();
        assertEquals(3, alone.segment(), "a new segment after the box file's three");
    }
}
