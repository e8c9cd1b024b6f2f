package com.layoutlens.model.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class MappedFileTest {

    /**
     * A read cut off before its end (a fault in the mapping is raised wherever the thread is, so
     * its release may never run) must not make the close that follows wait for ever: the thread
     * would be waiting for itself.
     */
    @Test
    void aCloseAfterAReadThatNeverEndedReturnsAndLaterReadsFailCleanly(@TempDir Path tmp) throws Exception {
        Path file = Files.write(tmp.resolve("w.bin"), new byte[4096]);
        MappedFile f = MappedFile.open(file);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            f.acquire(); // and no release, as after a fault
            f.close();
        });
        assertThrows(CheckpointException.class, f::acquire);
    }
}
