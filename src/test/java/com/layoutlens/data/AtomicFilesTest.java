package com.layoutlens.data;

import com.layoutlens.model.checkpoint.SafetensorsWriter;
import com.layoutlens.model.checkpoint.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Files written by temporary file and rename get the permissions a user expects, and no leftovers. */
class AtomicFilesTest {

    @TempDir
    Path tmp;

    private Set<PosixFilePermission> asCreatedNormally() throws Exception {
        assumeTrue(Files.getFileStore(tmp).supportsFileAttributeView("posix"));
        Path plain = Files.createFile(tmp.resolve("plain.txt"));
        return Files.getPosixFilePermissions(plain);
    }

    private static void writeSafetensors(Path file) throws Exception {
        SafetensorsWriter.write(file, Map.of("w", Tensor.of(new float[] {1f, 2f}, new long[] {2})), Map.of());
    }

    @Test
    void aNewSafetensorsFileGetsThePermissionsOfAnyNewFileNotOwnerOnly() throws Exception {
        Set<PosixFilePermission> expected = asCreatedNormally();
        Path file = tmp.resolve("model.safetensors");
        writeSafetensors(file);
        assertEquals(PosixFilePermissions.toString(expected),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aReplacedSafetensorsFileKeepsItsPermissions() throws Exception {
        asCreatedNormally();
        Path file = tmp.resolve("model.safetensors");
        writeSafetensors(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        writeSafetensors(file);
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aNewLabelFileGetsThePermissionsOfAnyNewFile() throws Exception {
        Set<PosixFilePermission> expected = asCreatedNormally();
        Path file = tmp.resolve("a.csv");
        AtomicFiles.writeString(file, "x");
        assertEquals(PosixFilePermissions.toString(expected),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aFileWhoseNameFillsTheSystemsLimitIsWrittenToo() throws Exception {
        // 250 bytes: the longest names a label file of a long receipt id gets; its temporary name must fit in 255
        String id = "é".repeat(60) + "x".repeat(126);
        Path target = tmp.resolve(id + ".csv");
        org.junit.jupiter.api.Assumptions.assumeTrue(target.getFileName().toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8).length == 250);
        AtomicFiles.writeString(target, "segment,word\n");
        assertEquals("segment,word\n", Files.readString(target));
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }

    @Test
    void aKilledWritersTemporaryFileIsRemovedByTheNextWriteAndNothingElseIs() throws Exception {
        Path dead = tmp.resolve(".a.csv.2147483646-k3x9.tmp"); // no process has this id
        Path deadOther = tmp.resolve(".b.csv.2147483646-0a.tmp");
        Path alive = tmp.resolve(".a.csv." + ProcessHandle.current().pid() + "-k3x9.tmp");
        Path usersHidden = tmp.resolve(".a.csv.notes.tmp");
        Path usersPlain = tmp.resolve("a.csv.2147483646-k3x9.tmp");
        Path aFolder = tmp.resolve(".c.csv.2147483646-aa.tmp");
        for (Path p : List.of(dead, deadOther, alive, usersHidden, usersPlain)) {
            Files.writeString(p, "partial");
        }
        Files.createDirectories(aFolder);
        Path link = tmp.resolve(".d.csv.2147483646-bb.tmp");
        Files.createSymbolicLink(link, usersPlain);

        LabelFile.write(tmp.resolve("a.csv"), List.of());

        assertFalse(Files.exists(dead), "left by a killed writer");
        assertFalse(Files.exists(deadOther), "left by a killed writer of another file in the folder");
        for (Path p : List.of(alive, usersHidden, usersPlain, aFolder)) {
            assertTrue(Files.exists(p), p.getFileName() + " is kept");
        }
        assertTrue(Files.isSymbolicLink(link), "a link is never followed or removed");
        assertEquals("partial", Files.readString(usersPlain));
        try (var files = Files.list(tmp)) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().startsWith(".a.csv.")
                    && p.getFileName().toString().matches(".*\\.\\d+-[0-9a-z]+\\.tmp")
                    && !p.equals(alive)).count(), "the write leaves no temporary file of its own");
        }
    }

    @Test
    void aStreamedWriteThatFailsLeavesThePreviousFileAndNoTemporaryFile() throws Exception {
        Path file = tmp.resolve("labels.csv");
        AtomicFiles.writeString(file, "before");
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> AtomicFiles.write(file, ch -> {
                    ch.write(java.nio.ByteBuffer.wrap("half".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    throw new java.io.IOException("disk gone");
                }));
        assertEquals("disk gone", e.getMessage());
        assertEquals("before", Files.readString(file));
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left");
        }
    }

    @Test
    void aStreamedWriteReplacesTheFileWithAllItWrote() throws Exception {
        Path file = tmp.resolve("sub").resolve("out.bin");
        AtomicFiles.write(file, ch -> {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2}));
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {3}));
        });
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
    }
}
