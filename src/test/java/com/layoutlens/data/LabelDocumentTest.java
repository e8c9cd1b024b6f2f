package com.layoutlens.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelDocumentTest {

    private static List<LabelRow> rows() {
        return List.of(
                new LabelRow(0, 0, new Box(0, 0, 10, 10), "TOTAL", "O", 0.9),
                new LabelRow(0, 1, new Box(12, 0, 30, 10), "9.00", "O", 0.8),
                new LabelRow(1, 0, new Box(0, 20, 30, 30), "ACME", "COMPANY", null));
    }

    @Test
    void aTypeSetInABioFolderBecomesTheSchemesTags(@TempDir Path dir) throws IOException {
        LabelSet bio = LabelSet.resolve("sroie-bio");
        List<LabelRow> rows = List.of(
                new LabelRow(0, 0, new Box(0, 0, 10, 10), "TOTAL", "O", null),
                new LabelRow(0, 1, new Box(12, 0, 30, 10), "9.00", "B-TOTAL", null),
                new LabelRow(0, 2, new Box(32, 0, 40, 10), "RM", "O", null),
                new LabelRow(1, 0, new Box(0, 20, 30, 30), "ACME", "O", null));
        Path f = dir.resolve("r.csv");
        LabelDocument doc = LabelDocument.open(f, bio, rows);
        assertTrue(doc.setLabel(new int[] {2}, "TOTAL"));
        assertTrue(doc.setLabel(new int[] {3}, "COMPANY"));
        List<String> tags = LabelFile.readStrict(f, bio).stream().map(LabelRow::label).toList();
        assertEquals(List.of("O", "B-TOTAL", "I-TOTAL", "B-COMPANY"), tags, "joins the entity before it; starts one");
        assertTrue(doc.setLabel(new int[] {1}, "O"));
        tags = LabelFile.readStrict(f, bio).stream().map(LabelRow::label).toList();
        assertEquals(List.of("O", "O", "B-TOTAL", "B-COMPANY"), tags, "the entity's first word gone: the next begins it");
        doc.undo();
        assertEquals(List.of("O", "B-TOTAL", "I-TOTAL", "B-COMPANY"),
                LabelFile.readStrict(f, bio).stream().map(LabelRow::label).toList(), "one edit, undone whole");
    }

    @Test
    void anEditIsOnDiskAtOnce(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("r.csv");
        LabelDocument doc = LabelDocument.open(f, LabelSet.sroie(), rows());
        assertFalse(Files.exists(f), "opening does not create the file");
        assertTrue(doc.setLabel(new int[] {1}, "TOTAL"));
        assertFalse(doc.isDirty());
        List<LabelRow> onDisk = LabelFile.readStrict(f, LabelSet.sroie());
        assertEquals("TOTAL", onDisk.get(1).label());
        assertNull(onDisk.get(1).score(), "a correction carries no score");
        // a new process sees the edit: nothing lived only in memory
        assertEquals(onDisk, LabelDocument.open(f, LabelSet.sroie(), null).rows());
    }

    @Test
    void undoAndRedoRestoreLabelsAndScores(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("r.csv");
        LabelDocument doc = LabelDocument.open(f, LabelSet.sroie(), rows());
        doc.setLabel(new int[] {0, 1}, "TOTAL");
        doc.setLabel(new int[] {2}, "O");
        assertEquals("1 word -> O", doc.undoDescription());
        assertTrue(doc.undo());
        assertEquals("COMPANY", doc.row(2).label());
        assertTrue(doc.undo());
        assertEquals(rows(), doc.rows());
        assertEquals(rows(), LabelFile.readStrict(f, LabelSet.sroie()), "undo is saved too");
        assertFalse(doc.undo());
        assertTrue(doc.redo());
        assertEquals("TOTAL", doc.row(0).label());
        doc.setLabel(new int[] {2}, "ADDRESS");
        assertFalse(doc.canRedo(), "a new edit clears the redo history");
    }

    @Test
    void settingTheSameLabelRecordsNothing(@TempDir Path dir) throws IOException {
        LabelDocument doc = LabelDocument.open(dir.resolve("r.csv"), LabelSet.sroie(), rows());
        assertFalse(doc.setLabel(new int[] {2}, "COMPANY"));
        assertFalse(doc.canUndo());
        assertThrows(IllegalArgumentException.class, () -> doc.setLabel(new int[] {0}, "PRICE"));
    }

    @Test
    void aChangeMadeOutsideIsNeverOverwrittenBlindly(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("r.csv");
        LabelFile.write(f, rows());
        LabelDocument doc = LabelDocument.open(f, LabelSet.sroie(), null);
        List<LabelRow> theirs = List.of(rows().get(0).withLabel("TOTAL", null), rows().get(1), rows().get(2));
        LabelFile.write(f, theirs);
        assertTrue(doc.hasExternalChange());
        doc.setLabel(new int[] {1}, "DATE");
        assertNotNull(doc.lastSaveError());
        assertTrue(doc.lastSaveError() instanceof LabelDocument.ExternalChangeException);
        assertTrue(doc.isDirty());
        assertEquals(theirs, LabelFile.readStrict(f, LabelSet.sroie()), "their file is untouched");
        doc.reload();
        assertEquals(theirs, doc.rows());
        assertFalse(doc.isDirty());
        doc.setLabel(new int[] {1}, "DATE");
        assertNull(doc.lastSaveError());
        assertEquals("DATE", LabelFile.readStrict(f, LabelSet.sroie()).get(1).label());
    }

    @Test
    void overwriteKeepsThisVersion(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("r.csv");
        LabelFile.write(f, rows());
        LabelDocument doc = LabelDocument.open(f, LabelSet.sroie(), null);
        Files.writeString(f, LabelFile.HEADER + "\r\n");
        doc.setLabel(new int[] {0}, "TOTAL");
        assertTrue(doc.isDirty());
        doc.overwrite();
        assertEquals("TOTAL", LabelFile.readStrict(f, LabelSet.sroie()).get(0).label());
        assertFalse(doc.hasExternalChange());
    }
}
