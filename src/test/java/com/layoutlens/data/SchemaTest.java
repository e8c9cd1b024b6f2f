package com.layoutlens.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaTest {

    @Test
    void builtInSchemasAndTheirTags() throws IOException {
        for (String name : LabelSet.BUILT_IN) {
            assertEquals(name, LabelSet.resolve(name).name());
        }
        LabelSet io = LabelSet.resolve("sroie");
        assertSame(LabelSet.sroie(), io);
        assertEquals(Scheme.IO, io.scheme());
        assertEquals(io.labels(), io.tags());
        LabelSet bio = LabelSet.resolve("sroie-bio");
        assertEquals(List.of("O", "B-COMPANY", "I-COMPANY", "B-DATE", "I-DATE", "B-ADDRESS", "I-ADDRESS",
                "B-TOTAL", "I-TOTAL"), bio.tags());
        assertEquals(io.labels(), bio.labels(), "types in matrix order");
        assertEquals("total", bio.fieldOf("TOTAL"));
        LabelSet iobes = LabelSet.resolve("sroie-iobes");
        assertEquals(1 + 4 * 4, iobes.tags().size());
        assertEquals(List.of("B-DATE", "I-DATE", "E-DATE", "S-DATE"), iobes.tags().subList(5, 9));
        assertEquals(List.of("HEADER", "QUESTION", "ANSWER"), LabelSet.resolve("funsd").entityLabels());
        LabelSet cord = LabelSet.resolve("cord");
        assertEquals(Scheme.BIO, cord.scheme());
        assertTrue(cord.entityLabels().containsAll(List.of("menu.nm", "menu.cnt", "menu.price",
                "sub_total.subtotal_price", "total.total_price")));
        assertEquals(1 + 2 * cord.entityLabels().size(), cord.tags().size());
    }

    @Test
    void tagsMapToTheirTypes() throws IOException {
        LabelSet bio = LabelSet.resolve("sroie-bio");
        assertEquals("TOTAL", bio.typeOf("B-TOTAL"));
        assertEquals("TOTAL", bio.typeOf("S-TOTAL"), "another scheme's tag of a known type is read");
        assertEquals("O", bio.typeOf("O"));
        assertNull(bio.typeOf("B-PRICE"));
        assertNull(bio.typeOf("B-O"));
        assertEquals(bio.indexOf("TOTAL"), bio.indexOf("I-TOTAL"));
        assertFalse(bio.contains("X-TOTAL"));
        assertEquals(2, bio.tagIndex("I-COMPANY"));
    }

    @Test
    void aSchemaFileThatIsNoJsonIsNamedWithItsLine(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("broken.json"), "{\"name\": \"x\",\n \"scheme\": \"bio\",\n");
        IOException e = assertThrows(IOException.class, () -> LabelSet.load(f));
        assertTrue(e.getMessage().startsWith(f + ":3: not JSON ("), e.getMessage());
        assertFalse(e.getMessage().contains("Source:") || e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void schemaFromAFileWithAScheme(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("mine.json");
        Files.writeString(f, "{\"name\":\"mine\",\"scheme\":\"bilou\",\"labels\":[\"O\",\"PRICE\"]}");
        LabelSet s = LabelSet.resolve(f.toString());
        assertEquals(Scheme.IOBES, s.scheme(), "BILOU is read as IOBES");
        assertEquals(List.of("O", "B-PRICE", "I-PRICE", "E-PRICE", "S-PRICE"), s.tags());
        Files.writeString(f, "{\"name\":\"mine\",\"scheme\":\"iob9\",\"labels\":[\"O\",\"PRICE\"]}");
        IOException e = assertThrows(IOException.class, () -> LabelSet.resolve(f.toString()));
        assertTrue(e.getMessage().contains("mine.json") && e.getMessage().contains("iob9"), e.getMessage());
        e = assertThrows(IOException.class, () -> LabelSet.resolve("nosuch"));
        assertTrue(e.getMessage().contains("sroie-bio"), e.getMessage());
    }

    @Test
    void schemaFromTags() {
        assertEquals("sroie-bio", LabelSet.fromTags("model", List.of("O", "B-TOTAL", "I-TOTAL", "B-DATE", "I-DATE",
                "B-COMPANY", "I-COMPANY", "B-ADDRESS", "I-ADDRESS")).name());
        assertEquals("sroie", LabelSet.fromTags("model", List.of("TOTAL", "O", "DATE", "COMPANY", "ADDRESS")).name());
        assertEquals("sroie-iobes", LabelSet.fromTags("x", List.of("S-TOTAL", "B-DATE", "E-COMPANY", "I-ADDRESS")).name());
        LabelSet other = LabelSet.fromTags("model", List.of("O", "B-PRICE", "I-PRICE", "B-NAME"));
        assertEquals("model", other.name());
        assertEquals(Scheme.BIO, other.scheme());
        assertEquals(List.of("PRICE", "NAME"), other.entityLabels());
        assertNull(LabelSet.fromTags("x", List.of("O")));
        assertEquals("sroie", LabelSet.closestBuiltIn(List.of("O", "TOTAL", "AMOUNT")).name(), "a typo is no type");
        assertEquals("sroie-iobes", LabelSet.closestBuiltIn(List.of("O", "S-TOTAL", "B-DATE")).name());
        assertEquals("funsd", LabelSet.closestBuiltIn(List.of("B-QUESTION", "I-ANSWER")).name());
        assertEquals("cord", LabelSet.closestBuiltIn(List.of("B-MENU.NM", "B-total.total_price")).name());
        assertEquals("sroie", LabelSet.closestBuiltIn(List.of("O")).name());
    }

    @Test
    void convertsAsSeqevalReads() throws IOException {
        LabelSet io = LabelSet.sroie();
        LabelSet bio = LabelSet.resolve("sroie-bio");
        LabelSet iobes = LabelSet.resolve("sroie-iobes");
        List<String> plain = List.of("TOTAL", "TOTAL", "O", "DATE", "COMPANY", "COMPANY", "COMPANY");
        List<String> b = Chunks.convert(plain, io, bio);
        assertEquals(List.of("B-TOTAL", "I-TOTAL", "O", "B-DATE", "B-COMPANY", "I-COMPANY", "I-COMPANY"), b);
        List<String> e = Chunks.convert(b, bio, iobes);
        assertEquals(List.of("B-TOTAL", "E-TOTAL", "O", "S-DATE", "B-COMPANY", "I-COMPANY", "E-COMPANY"), e);
        assertEquals(b, Chunks.convert(e, iobes, bio));
        assertEquals(plain, Chunks.convert(e, iobes, io));
        // malformed: I- after O starts an entity, B- B- are two, both kept apart in IOBES
        assertEquals(List.of("S-TOTAL", "S-TOTAL", "O", "B-DATE", "E-DATE"),
                Chunks.convert(List.of("B-TOTAL", "B-TOTAL", "O", "I-DATE", "I-DATE"), bio, iobes));
    }
}
