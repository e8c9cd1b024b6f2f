package com.layoutlens.cli;

import com.layoutlens.data.WriteErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** A write that fails makes the run exit 1 and says which file and why, in every command that writes. */
class WriteFailureTest {

    @TempDir
    Path tmp;

    /** Three sample receipts: boxes, images, keys. */
    private Path data() throws IOException {
        Path data = tmp.resolve("data");
        for (String sub : List.of("box", "img", "key")) {
            Files.createDirectories(data.resolve(sub));
            for (String id : List.of("sample-001", "sample-002", "sample-003")) {
                String ext = switch (sub) {
                    case "box" -> ".csv";
                    case "img" -> ".png";
                    default -> ".json";
                };
                Path src = Path.of("sample-receipts", sub, id + ext);
                if (!Files.exists(src) && sub.equals("img")) {
                    src = Path.of("sample-receipts", sub, id + ".jpg");
                    ext = ".jpg";
                }
                Files.copy(src, data.resolve(sub).resolve(id + ext));
            }
        }
        return data;
    }

    /** A folder with a file in it, where a file must be written. */
    private static void directoryInTheWay(Path file) throws IOException {
        Files.createDirectories(file);
        Files.writeString(file.resolve("keep.txt"), "mine");
    }

    private static void assertNoStackTrace(CliRun r) {
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
    }

    @Test
    void alignExitsOneAndNamesTheLabelFileWhenADirectoryIsInTheWay() throws Exception {
        Path data = data();
        Path out = tmp.resolve("labels");
        directoryInTheWay(out.resolve("sample-002.csv"));
        CliRun r = CliRun.of("align", "--data", data.toString(), "--out", out.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("cannot write " + out.resolve("sample-002.csv") + ": a directory is in the way"),
                r.err());
        assertTrue(r.err().contains("1 of 3 label files could not be written"), r.err());
        assertTrue(Files.isRegularFile(out.resolve("sample-001.csv")));
        assertTrue(Files.isRegularFile(out.resolve("sample-003.csv")));
        assertEquals("mine", Files.readString(out.resolve("sample-002.csv/keep.txt")));
        assertNoStackTrace(r);
    }

    @Test
    void alignJsonCountsTheFilesNotWritten() throws Exception {
        Path data = data();
        Path out = tmp.resolve("labels");
        directoryInTheWay(out.resolve("sample-001.csv"));
        CliRun r = CliRun.of("align", "--data", data.toString(), "--out", out.toString(), "--json");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().contains("\"not_written\":1") || r.out().contains("\"not_written\" : 1"), r.out());
    }

    @Test
    void alignIntoAReadOnlyFolderExitsOneWithPermissionDenied() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root writes into read-only folders");
        Path data = data();
        Path out = Files.createDirectories(tmp.resolve("labels"));
        assumeFalse(!out.toFile().setWritable(false, false));
        try {
            CliRun r = CliRun.of("align", "--data", data.toString(), "--out", out.toString());
            assertEquals(1, r.exit(), r.err());
            assertTrue(r.err().contains("permission denied"), r.err());
        } finally {
            out.toFile().setWritable(true, true);
        }
    }

    @Test
    void predictExitsOneAndNamesTheLabelFileWhenADirectoryIsInTheWay() throws Exception {
        Path data = data();
        Path out = tmp.resolve("pred");
        directoryInTheWay(out.resolve("sample-003.csv"));
        CliRun r = CliRun.of("predict", "--model", "models/demo-layoutlm", "--data", data.toString(), "--out",
                out.toString(), "--device", "cpu");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("cannot write " + out.resolve("sample-003.csv") + ": a directory is in the way"),
                r.err());
        assertTrue(Files.isRegularFile(out.resolve("sample-001.csv")));
        assertNoStackTrace(r);
    }

    @Test
    void predictIntoAPathThatIsAFileExitsOne() throws Exception {
        Path data = data();
        Path out = tmp.resolve("pred");
        Files.writeString(out, "not a folder");
        CliRun r = CliRun.of("predict", "--model", "models/demo-layoutlm", "--data", data.toString(), "--out",
                out.toString(), "--device", "cpu");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains(out + " is a file, not a folder"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void samplesExitOneAndSayWhyWhenAFileStandsWhereAFolderGoes() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("gen"));
        Files.writeString(out.resolve("box"), "mine");
        CliRun r = CliRun.of("samples", "--out", out.toString(), "--count", "2", "--force");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains(out.resolve("box") + " is a file, not a folder"), r.err());
        assertEquals("mine", Files.readString(out.resolve("box")));
        assertNoStackTrace(r);
    }

    @Test
    void forwardExitsOneWhenADirectoryIsInTheWayOfItsOutput() throws Exception {
        Path out = tmp.resolve("out.safetensors");
        directoryInTheWay(out);
        Path model = Path.of("src/test/resources/fixtures/layoutlm/tiny-a");
        CliRun r = CliRun.of("forward", "--model", model.toString(), "--inputs",
                model.resolve("inputs.safetensors").toString(), "--out", out.toString(), "--device", "cpu");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("cannot write " + out + ": a directory is in the way"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void convertExitsOneWhenADirectoryIsInTheWayOfTheSafetensors() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("model"));
        Files.copy(Path.of(WriteFailureTest.class.getResource("/checkpoints/tiny.bin").toURI()),
                folder.resolve("pytorch_model.bin"));
        directoryInTheWay(folder.resolve("model.safetensors"));
        CliRun r = CliRun.of("models", "convert", folder.toString(), "--force");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("cannot write " + folder.resolve("model.safetensors")
                + ": a directory is in the way"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void trainExitsOneAndNamesTheFileWhenItsLogCannotBeWritten() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("run"));
        directoryInTheWay(out.resolve("training_log.csv"));
        CliRun r = CliRun.of("train", "--config", "tiny", "--data", "sample-receipts", "--out", out.toString(),
                "--steps", "1", "--batch", "2", "--max-length", "64", "--device", "cpu", "--dev-fraction", "0");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains(out.resolve("training_log.csv") + ": a directory is in the way"), r.err());
        assertNoStackTrace(r);
    }

    @Test
    void reasonsAreWordsNotPaths() {
        assertEquals("permission denied", WriteErrors.reason(new AccessDeniedException("/x/labels/a.csv")));
        assertEquals("a directory is in the way",
                WriteErrors.reason(new FileSystemException("/x/.a.csv.1.tmp", "/x/a.csv", "Is a directory")));
        assertEquals("no space left on the device",
                WriteErrors.reason(new FileSystemException("/x/a.csv", null, "No space left on device")));
        assertEquals("cannot write /x/a.csv: a directory is in the way", WriteErrors.describe(Path.of("/x"),
                new FileSystemException("/x/.a.csv.1.tmp", "/x/a.csv", "Is a directory")));
    }

    @Test
    void exportAndImportSayWhyTheirFolderCannotBeMade() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "mine");
        Path out = file.resolve("out");
        CliRun e = CliRun.of("export", "--data", "sample-receipts", "--format", "hf", "--out", out.toString());
        assertEquals(1, e.exit(), e.err());
        assertTrue(e.err().contains(": ") && e.err().length() > ("error: " + out).length() + 2, e.err());
        assertTrue(e.err().contains("not a folder") || e.err().contains("a file is in the way"), e.err());
        assertNoStackTrace(e);
        CliRun i = CliRun.of("import", "--data", "sample-receipts", "--out", out.toString());
        assertEquals(1, i.exit(), i.err());
        assertTrue(i.err().contains("not a folder") || i.err().contains("a file is in the way"), i.err());
        assertEquals("mine", Files.readString(file));
    }
}
