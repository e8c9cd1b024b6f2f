package com.layoutlens.cli;

import com.layoutlens.data.Problem;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.BiConsumer;

/** A progress line on stderr (fraction, items/s, ETA), redrawn in place on a terminal. */
final class Progress {

    private Progress() {
    }

    static BiConsumer<Integer, Integer> bar(String what, PrintWriter err) {
        long start = System.nanoTime();
        boolean tty = System.console() != null;
        long[] last = {0};
        return (done, total) -> {
            long now = System.nanoTime();
            boolean end = done.equals(total);
            if (!end && now - last[0] < 250_000_000L) {
                return;
            }
            last[0] = now;
            double secs = (now - start) / 1e9;
            double rate = secs > 0 ? done / secs : 0;
            double eta = rate > 0 ? (total - done) / rate : 0;
            String line = String.format("%s %d/%d (%.0f%%) %.1f items/s, ETA %.0fs", what, done, total,
                    total == 0 ? 100.0 : 100.0 * done / total, rate, eta);
            if (tty) {
                err.print("\r" + line + (end ? "\n" : ""));
            } else if (end) {
                err.println(line);
            }
            err.flush();
        };
    }

    static void printProblems(List<Problem> problems, PrintWriter err) {
        if (problems.isEmpty()) {
            return;
        }
        long errors = problems.stream().filter(Problem::isError).count();
        err.printf("%d problem%s (%d error%s, %d warning%s):%n", problems.size(), problems.size() == 1 ? "" : "s",
                errors, errors == 1 ? "" : "s", problems.size() - errors, problems.size() - errors == 1 ? "" : "s");
        for (Problem p : problems) {
            err.println("  " + p);
        }
    }
}
