package com.layoutlens.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FolderSwapTest {

    @TempDir
    Path tmp;

    private static Path model(Path dir, String marker) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), "{\"marker\": \"" + marker + "\"}");
        return dir;
    }

    @Test
    void aFolderSetAsideByAKilledRunIsDeletedWhenItsReplacementIsInPlace() throws Exception {
        model(tmp.resolve("checkpoint"), "new");
        model(tmp.resolve(".checkpoint.old"), "old");
        FolderSwap.recover(tmp.resolve("checkpoint"));
        assertFalse(Files.exists(tmp.resolve(".checkpoint.old")));
        assertTrue(Files.readString(tmp.resolve("checkpoint/config.json")).contains("new"));
    }

    @Test
    void aFolderSetAsideWithoutItsReplacementIsPutBack() throws Exception {
        model(tmp.resolve(".best.old"), "old");
        model(tmp.resolve(".best.tmp"), "half");
        FolderSwap.recover(tmp.resolve("best"));
        assertTrue(Files.readString(tmp.resolve("best/config.json")).contains("old"));
        assertFalse(Files.exists(tmp.resolve(".best.tmp")));
    }

    @Test
    void anAsideFolderThatHoldsNoModelIsLeftAlone() throws Exception {
        model(tmp.resolve("best"), "new");
        Path other = Files.createDirectories(tmp.resolve(".best.old"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        FolderSwap.recover(tmp.resolve("best"));
        assertEquals("mine", Files.readString(other.resolve("notes.txt")));
    }

    @Test
    void aLinkNamedLikeTheTemporaryFolderIsNotFollowed() throws Exception {
        Path users = Files.createDirectories(tmp.resolve("users"));
        Files.writeString(users.resolve("data.txt"), "mine");
        Files.createSymbolicLink(tmp.resolve(".best.tmp"), users);
        FolderSwap.recover(tmp.resolve("best"));
        assertEquals("mine", Files.readString(users.resolve("data.txt")));
    }
}
