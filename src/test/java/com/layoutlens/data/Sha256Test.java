package com.layoutlens.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Sha256Test {

    @TempDir
    Path tmp;

    @Test
    void givesTheKnownDigestOfAbc() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aFileReadInPiecesHasTheDigestOfItsBytes() throws Exception {
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        Path f = Files.write(tmp.resolve("f.bin"), big);
        assertEquals(Sha256.hex(big), Sha256.hexOf(f));
    }
}
