package com.layoutlens.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills a process that is correcting labels (SIGKILL, no chance to clean up) and checks
 * that the label file is intact and holds every edit the process had reported done.
 */
class KilledProcessTest {

    static final int WORDS = 400;
    static final String[] LABELS = {"COMPANY", "DATE", "ADDRESS", "TOTAL", "O"};

    /** The editing process: edits word k for k = 0, 1, 2, ... and prints "done k" after each. */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        List<LabelRow> rows = new ArrayList<>();
        for (int i = 0; i < WORDS; i++) {
            rows.add(new LabelRow(i / 10, i % 10, new Box(i, i, i + 5, i + 5), "word,\"" + i + "\"", "O", 0.5));
        }
        LabelDocument doc = LabelDocument.open(file, LabelSet.sroie(), rows);
        for (int k = 0; ; k++) {
            doc.setLabel(new int[] {k % WORDS}, LABELS[(k / WORDS) % LABELS.length]);
            if (doc.lastSaveError() != null) {
                throw doc.lastSaveError();
            }
            System.out.println("done " + k);
            System.out.flush();
        }
    }

    @Test
    void killingTheEditorLosesAtMostTheEditInFlight(@TempDir Path dir) throws Exception {
        for (int round = 0; round < 3; round++) {
            Path file = dir.resolve("r" + round + ".csv");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), KilledProcessTest.class.getName(), file.toString())
                    .redirectErrorStream(true).start();
            int lastDone = -1;
            int target = 30 + 40 * round;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                boolean killed = false;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("done ")) {
                        // on a loaded machine the editor runs ahead of this reader: the lines still in
                        // the pipe after the kill were reported before it, so they count as reported
                        lastDone = Integer.parseInt(line.substring(5));
                        if (lastDone >= target && !killed) {
                            // SIGKILL, most likely in the middle of the next write; through the handle,
                            // which leaves the pipe open for the lines already in it
                            p.toHandle().destroyForcibly();
                            killed = true;
                        }
                    } else if (!killed) {
                        throw new AssertionError("editor failed: " + line);
                    }
                }
            }
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            LabelFile.ReadResult read = LabelFile.read(file, LabelSet.sroie());
            assertTrue(read.problems().isEmpty(), "the file is intact: " + read.problems());
            assertEquals(WORDS, read.rows().size());
            for (int k = 0; k <= lastDone; k++) {
                assertEquals(LABELS[0], read.rows().get(k).label(), "edit " + k + " was reported done, so it is on disk");
            }
            // at most one edit beyond the last reported one can have reached the disk
            long beyond = read.rows().stream().skip(lastDone + 1).filter(x -> !x.label().equals("O")).count();
            assertTrue(beyond <= 1, beyond + " edits beyond the last reported one");
        }
    }
}
