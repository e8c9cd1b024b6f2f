package com.layoutlens.cli;

import com.layoutlens.model.layoutlm.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code align}, {@code predict} and {@code stats --weights} never write over what the receipts
 * are read from: the folder itself, its box files, images, keys, gold labels (but for
 * {@code align}, which makes them) or corrections.
 */
class OutputPlaceTest {

    @TempDir
    Path tmp;

    private Path data() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("box"));
        Files.createDirectories(data.resolve("key"));
        Files.createDirectories(data.resolve("labels"));
        Files.writeString(data.resolve("box/001.csv"),
                "10,10,200,10,200,30,10,30,SDN BHD\n10,40,300,40,300,60,10,60,TOTAL RM 12.50\n",
                StandardCharsets.UTF_8);
        Files.writeString(data.resolve("key/001.json"), "{\"company\": \"SDN BHD\", \"total\": \"12.50\"}",
                StandardCharsets.UTF_8);
        Files.writeString(data.resolve("labels/001.csv"), "hand-corrected gold", StandardCharsets.UTF_8);
        return data;
    }

    /** Every file under the folder with its content. */
    private static Map<String, String> contents(Path dir) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(f).toString(), Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    /** Every file under the folder with its SHA-256. */
    private static Map<String, String> hashes(Path dir) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(f).toString(), com.layoutlens.data.Sha256.hexOf(f));
            }
        }
        return m;
    }

    private static void assertRefused(CliRun r, String where) {
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains(where), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void alignAndPredictRefuseTheFoldersTheReceiptsAreReadFrom() throws Exception {
        Path data = data();
        Map<String, String> before = contents(data);
        String model = Fixtures.folder("tiny-b").toString();
        for (String out : new String[] {"box", "labels", "key", "", "box/../box", "labels/more"}) {
            Path o = out.isEmpty() ? data : data.resolve(out);
            if (!out.equals("labels")) {
                assertRefused(CliRun.of("align", "--data", data.toString(), "--out", o.toString()), "--out: " + o);
            }
            assertRefused(CliRun.of("predict", "--model", model, "--data", data.toString(), "--out", o.toString(),
                    "--device", "cpu", "--no-cache"), "--out: " + o);
        }
        assertEquals(before, contents(data), "nothing in the receipt folder changed");
    }

    @Test
    void alignMakesTheFoldersOwnGoldLabels() throws Exception {
        Path data = data();
        CliRun r = CliRun.of("align", "--data", data.toString(), "--out", data.resolve("labels").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.readString(data.resolve("labels/001.csv")).startsWith("segment,word"));
    }

    @Test
    void aLinkToTheBoxFolderIsRefusedToo() throws Exception {
        Path data = data();
        Path link = Files.createSymbolicLink(tmp.resolve("elsewhere"), data.resolve("box"));
        CliRun r = CliRun.of("align", "--data", data.toString(), "--out", link.toString());
        assertRefused(r, "which the receipts are read from");
        assertTrue(Files.readString(data.resolve("box/001.csv")).startsWith("10,10,200"));
    }

    @Test
    void aReadFolderThatIsALinkIsProtectedWhereItReallyIs() throws Exception {
        Path data = data();
        Path gold = tmp.resolve("gold");
        Files.move(data.resolve("labels"), gold);
        Files.createSymbolicLink(data.resolve("labels"), gold);
        String model = Fixtures.folder("tiny-b").toString();
        for (Path o : new Path[] {data.resolve("labels"), gold, gold.resolve("x")}) {
            assertRefused(CliRun.of("predict", "--model", model, "--data", data.toString(), "--out", o.toString(),
                    "--device", "cpu", "--no-cache"), "which the receipts are read from");
        }
        assertEquals("hand-corrected gold", Files.readString(gold.resolve("001.csv")));
    }

    @Test
    void dotDotAfterALinkIsResolvedAsTheSystemDoes() throws Exception {
        Path data = data();
        Path link = Files.createSymbolicLink(tmp.resolve("L"), data.resolve("key"));
        // L/.. is the receipt folder, not tmp
        assertRefused(CliRun.of("align", "--data", data.toString(), "--out", link.resolve("../box").toString()),
                "which the receipts are read from");
        assertRefused(CliRun.of("align", "--data", data.toString(), "--out", link.resolve("..").toString()),
                "is the receipt folder being read");
        assertRefused(CliRun.of("stats", "--data", data.toString(), "--weights", link.resolve("../key/w.csv").toString()),
                "lies in a folder the receipts are read from");
        assertRefused(CliRun.of("export", "--data", data.toString(), "--format", "hf", "--out",
                link.resolve("../newx").toString()), "inside the source folder");
        assertTrue(Files.readString(data.resolve("box/001.csv")).startsWith("10,10,200"));
        assertFalse(Files.exists(data.resolve("newx")));
    }

    @Test
    void aFolderOfItsOwnInsideTheReceiptFolderIsFine() throws Exception {
        Path data = data();
        CliRun r = CliRun.of("align", "--data", data.toString(), "--out", data.resolve("gold").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.isRegularFile(data.resolve("gold/001.csv")));
    }

    @Test
    void statsWeightsRefusesASourceFileAndSaysWhyAWriteFailed() throws Exception {
        Path data = data();
        Path box = data.resolve("box/001.csv");
        String before = Files.readString(box);
        assertRefused(CliRun.of("stats", "--data", data.toString(), "--weights", box.toString()),
                "--weights: " + box + " is a file receipt 001 is read from");
        assertRefused(CliRun.of("stats", "--data", data.toString(), "--weights", data.resolve("box/w.csv").toString()),
                "lies in a folder the receipts are read from");
        assertEquals(before, Files.readString(box));

        Path dir = Files.createDirectories(tmp.resolve("wdir"));
        CliRun r = CliRun.of("stats", "--data", data.toString(), "--weights", dir.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("cannot write " + dir + ": a directory is in the way"), r.err());

        CliRun ok = CliRun.of("stats", "--data", data.toString(), "--weights", data.resolve("weights.csv").toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(Files.readString(data.resolve("weights.csv")).startsWith("receipt,segment,word"));
    }

    @Test
    void aFolderOfLinksProtectsTheFilesWhereTheyAre() throws Exception {
        Path full = data();
        Path sub = tmp.resolve("sub");
        for (String dir : new String[] {"box", "key"}) {
            Files.createDirectories(sub.resolve(dir));
            try (var files = Files.list(full.resolve(dir))) {
                for (Path p : files.toList()) {
                    Files.createSymbolicLink(sub.resolve(dir).resolve(p.getFileName()), p);
                }
            }
        }
        Path elsewhere = Files.createDirectories(tmp.resolve("store"));
        Files.move(full.resolve("box"), elsewhere.resolve("box"));
        Files.createSymbolicLink(full.resolve("box"), elsewhere.resolve("box"));
        assertRefused(CliRun.of("align", "--data", sub.toString(), "--out", elsewhere.resolve("box").toString()),
                "where files of " + sub.resolve("box") + " lead");
        assertTrue(Files.readString(elsewhere.resolve("box/001.csv")).startsWith("10,10,200"));
    }

    @Test
    void weightsNeverOverwriteAFileThatIsThereUnlessItIsAnEarlierWeightsFile() throws Exception {
        Path data = data();
        Path mine = Files.writeString(data.resolve("suspects-dismissed.json"), "{}");
        assertRefused(CliRun.of("stats", "--data", data.toString(), "--weights", mine.toString()), "already exists");
        assertEquals("{}", Files.readString(mine));
        Path w = data.resolve("w.csv");
        assertEquals(0, CliRun.of("stats", "--data", data.toString(), "--weights", w.toString()).exit());
        CliRun again = CliRun.of("stats", "--data", data.toString(), "--weights", w.toString());
        assertEquals(0, again.exit(), again.err());
    }

    @Test
    void trainNeverWritesIntoTheFoldersItsReceiptsAreReadFrom() throws Exception {
        Path samples = Path.of("sample-receipts");
        for (Path o : new Path[] {samples.resolve("box"), samples}) {
            CliRun r = CliRun.of("train", "--config", "tiny", "--data", samples.toString(), "--out", o.toString(),
                    "--steps", "1", "--batch", "2", "--max-length", "32", "--device", "cpu");
            assertEquals(2, r.exit(), r.err());
            assertFalse(Files.exists(samples.resolve("box/training_log.csv")));
            assertFalse(Files.exists(samples.resolve("training_log.csv")));
        }
    }

    @Test
    void trainNeverWritesIntoTheFolderOfItsImagesWhateverItsName() throws Exception {
        Path hf = tmp.resolve("hf");
        assertEquals(0, CliRun.of("export", "--data", "sample-receipts", "--format", "hf", "--out", hf.toString()).exit());
        Files.move(hf.resolve("images"), hf.resolve("pics"));
        Path jsonl = hf.resolve("data.jsonl");
        Files.writeString(jsonl, Files.readString(jsonl).replace("\"images/", "\"pics/"));
        Map<String, String> before = hashes(hf);
        CliRun r = CliRun.of("train", "--config", "tiny", "--data", hf.toString(), "--out", hf.resolve("pics").toString(),
                "--steps", "1", "--batch", "2", "--max-length", "32", "--device", "cpu");
        assertRefused(r, "the folder the images of receipt");
        assertEquals(before, hashes(hf));
        assertFalse(Files.exists(hf.resolve("pics/tokenizer")));
    }

    @Test
    void goldLabelsThatLinksLeadToAreProtectedAndAFolderNotThereYetToo() throws Exception {
        Path full = data();
        Path links = tmp.resolve("links");
        for (String dir : new String[] {"box", "key", "labels"}) {
            Files.createDirectories(links.resolve(dir));
            try (var files = Files.list(full.resolve(dir))) {
                for (Path p : files.toList()) {
                    Files.createSymbolicLink(links.resolve(dir).resolve(p.getFileName()), p);
                }
            }
        }
        String model = Fixtures.folder("tiny-b").toString();
        assertRefused(CliRun.of("predict", "--model", model, "--data", links.toString(), "--out",
                full.resolve("labels").toString(), "--device", "cpu", "--no-cache"), "where files of");
        assertRefused(CliRun.of("align", "--data", links.toString(), "--out", full.resolve("labels").toString()),
                "where files of");
        assertEquals("hand-corrected gold", Files.readString(full.resolve("labels/001.csv")));

        Files.delete(full.resolve("labels/001.csv"));
        Files.delete(full.resolve("labels"));
        // labels/ is not there yet: refused all the same, the first time as the second
        assertRefused(CliRun.of("predict", "--model", model, "--data", full.toString(), "--out",
                full.resolve("labels").toString(), "--device", "cpu", "--no-cache"), "which the receipts are read from");
        assertFalse(Files.exists(full.resolve("labels")));
    }

    @Test
    void aChainOfLinksADanglingLinkAndAFolderOfLinksInsideItsSource() throws Exception {
        Path real = data();
        // dev/box/001.csv -> X/001.csv -> real/box/001.csv: the folder in the middle is read too
        Path x = Files.createDirectories(tmp.resolve("X"));
        Files.createSymbolicLink(x.resolve("001.csv"), real.resolve("box/001.csv"));
        Path dev = Files.createDirectories(tmp.resolve("dev/box"));
        Files.createSymbolicLink(dev.resolve("001.csv"), x.resolve("001.csv"));
        assertRefused(CliRun.of("align", "--data", dev.getParent().toString(), "--out", x.toString()), "where files of");
        assertTrue(Files.isSymbolicLink(x.resolve("001.csv")));

        // labels/ a dangling link: where it points is protected before it exists
        Path d = tmp.resolve("d");
        Files.createDirectories(d.resolve("box"));
        Files.copy(real.resolve("box/001.csv"), d.resolve("box/001.csv"));
        Files.createSymbolicLink(d.resolve("labels"), tmp.resolve("gold"));
        assertRefused(CliRun.of("predict", "--model", Fixtures.folder("tiny-b").toString(), "--data", d.toString(),
                "--out", tmp.resolve("gold").toString(), "--device", "cpu", "--no-cache"), "which the receipts are read from");
        assertFalse(Files.exists(tmp.resolve("gold")));

        // a folder of links that lives inside the folder its links lead to (the competition's flat
        // download): its own pred/ and labels/ hold nothing read
        Path raw = Files.createDirectories(tmp.resolve("raw"));
        Files.copy(real.resolve("box/001.csv"), raw.resolve("001.csv"));
        Path inner = Files.createDirectories(raw.resolve("dev/box"));
        Files.createSymbolicLink(inner.resolve("001.csv"), raw.resolve("001.csv"));
        CliRun ok = CliRun.of("align", "--data", raw.resolve("dev").toString(), "--out", raw.resolve("dev/pred").toString());
        assertTrue(ok.exit() != 2, ok.err()); // exit 1 for the missing key file: nothing refused
        assertFalse(ok.err().contains("--out:"), ok.err());
    }

    @Test
    void weightsRunAgainOntoTheirOwnFileInAFolderWhoseTopFilesAreItsSources() throws Exception {
        Path funsd = tmp.resolve("funsd");
        assertEquals(0, CliRun.of("export", "--data", "sample-receipts", "--format", "funsd", "--out", funsd.toString()).exit());
        Path w = funsd.resolve("weights.csv");
        assertEquals(0, CliRun.of("stats", "--data", funsd.toString(), "--weights", w.toString()).exit());
        CliRun again = CliRun.of("stats", "--data", funsd.toString(), "--weights", w.toString());
        assertEquals(0, again.exit(), again.err());
    }

    /** Mounts {@code dir} a second time at {@code at} (needs root and a system that allows it), or returns false. */
    private static boolean bindMount(Path dir, Path at) throws Exception {
        Files.createDirectories(at);
        try {
            Process p = new ProcessBuilder("mount", "--bind", dir.toString(), at.toString())
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void unmount(Path at) throws Exception {
        new ProcessBuilder("umount", at.toString()).redirectErrorStream(true).start().waitFor();
    }

    @Test
    void theReceiptFolderMountedASecondTimeIsStillTheReceiptFolder() throws Exception {
        Path data = data();
        Path view = tmp.resolve("view");
        org.junit.jupiter.api.Assumptions.assumeTrue(bindMount(data, view), "bind mounts need root");
        try {
            Map<String, String> before = contents(data);
            String model = Fixtures.folder("tiny-b").toString();
            for (Path o : new Path[] {view, view.resolve("box"), view.resolve("labels"), view.resolve("key/x")}) {
                assertRefused(CliRun.of("predict", "--model", model, "--data", data.toString(), "--out", o.toString(),
                        "--device", "cpu", "--no-cache"), "--out: " + o);
                assertRefused(CliRun.of("export", "--data", data.toString(), "--format", "hf", "--out",
                        o.toString()), "");
            }
            assertEquals(before, contents(data), "nothing in the receipt folder changed");
            CliRun own = CliRun.of("align", "--data", data.toString(), "--out", view.resolve("gold").toString());
            assertEquals(0, own.exit(), own.err());
        } finally {
            unmount(view);
        }
    }
}
