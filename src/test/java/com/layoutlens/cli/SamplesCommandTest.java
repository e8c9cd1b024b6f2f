package com.layoutlens.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplesCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = LayoutLensCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void writesTheFourSroieFilesPerReceipt(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("samples");
        assertEquals(0, run("samples", "--out", target.toString(), "--count", "3", "--seed", "5"), err.toString());
        for (String f : new String[] {"img/sample-003.jpg", "box/sample-003.csv", "key/sample-003.json",
                "labels/sample-003.csv"}) {
            assertTrue(Files.isRegularFile(target.resolve(f)), f);
        }
        assertEquals(12, fileCount(target));
        assertTrue(out.toString().contains("wrote 3 sample receipts (seed 5)"), out.toString());
        assertTrue(out.toString().contains("sample-001 .. sample-003"), out.toString());
    }

    @Test
    void defaultsAreFortyReceiptsWithSeedFortyTwo() {
        SamplesCommand cmd = new SamplesCommand();
        new CommandLine(cmd).parseArgs("--out", "x");
        assertEquals(40, cmd.count);
        assertEquals(42L, cmd.seed);
        assertFalse(cmd.force);
    }

    @Test
    void refusesAFolderWithOtherFilesUnlessForced(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("thesis.txt"), "mine");
        assertEquals(LayoutLensCli.USAGE, run("samples", "--out", dir.toString(), "--count", "1"));
        assertTrue(err.toString().contains("--force"), err.toString());
        assertEquals(1, fileCount(dir));
        assertEquals(0, run("samples", "--out", dir.toString(), "--count", "1", "--force"), err.toString());
        assertEquals(5, fileCount(dir));
        assertTrue(Files.exists(dir.resolve("thesis.txt")));
    }

    @Test
    void rewritesAnEarlierSampleFolder(@TempDir Path dir) throws IOException {
        assertEquals(0, run("samples", "--out", dir.toString(), "--count", "2"), err.toString());
        assertEquals(0, run("samples", "--out", dir.toString(), "--count", "1"), err.toString());
        assertEquals(4, fileCount(dir));
        assertTrue(out.toString().contains("removed 4 files of earlier samples"), out.toString());
    }

    @Test
    void aLabelEditedSinceIsNeverWrittenOverUnlessForced(@TempDir Path dir) throws IOException {
        assertEquals(0, run("samples", "--out", dir.toString(), "--count", "2"), err.toString());
        assertTrue(Files.isRegularFile(dir.resolve(com.layoutlens.data.samples.SampleGenerator.MANIFEST)));
        assertEquals(0, run("samples", "--out", dir.toString(), "--count", "2"), "unchanged samples: " + err);
        Path label = dir.resolve("labels/sample-002.csv");
        String corrected = Files.readString(label).replaceFirst(",O,", ",TOTAL,");
        assertFalse(corrected.equals(Files.readString(label)), "a label corrected");
        Files.writeString(label, corrected);
        // neither the same samples again nor a smaller count (which would remove it) writes over it
        for (String count : new String[] {"2", "1"}) {
            assertEquals(LayoutLensCli.USAGE, run("samples", "--out", dir.toString(), "--count", count));
            assertTrue(err.toString().contains(label.toString()) && err.toString().contains("--force"), err.toString());
            assertEquals(corrected, Files.readString(label));
        }
        assertEquals(0, run("samples", "--out", dir.toString(), "--count", "2", "--force"), err.toString());
        assertFalse(Files.readString(label).equals(corrected), "--force writes the generated labels again");
    }

    @Test
    void rejectsACountBelowOne(@TempDir Path dir) {
        assertEquals(LayoutLensCli.USAGE, run("samples", "--out", dir.toString(), "--count", "0"));
        assertTrue(err.toString().contains("--count"), err.toString());
    }

    private static long fileCount(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
    }

    @Test
    void theSummaryAsJson(@TempDir Path dir) throws IOException {
        CliRun r = CliRun.of("samples", "--out", dir.resolve("s").toString(), "--count", "2", "--json");
        assertEquals(0, r.exit(), r.err());
        var j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertEquals(2, j.get("receipts").asInt());
        assertEquals(42, j.get("seed").asInt());
        assertEquals(2, j.get("ids").size());
    }
}
