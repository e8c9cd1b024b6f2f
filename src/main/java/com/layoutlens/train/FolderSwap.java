package com.layoutlens.train;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Replaces a whole folder so that a reader (or a crash) sees the old one or the new one,
 * never half of each: the new content is written to a sibling temporary folder, the old
 * folder is renamed aside, the new one renamed into place, and only then is the old one
 * deleted. {@link #recover} undoes a crash between the two renames.
 */
final class FolderSwap {

    interface Writer {
        void write(Path folder) throws IOException;
    }

    private FolderSwap() {
    }

    static void write(Path target, Writer writer) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        String name = target.getFileName().toString();
        Path tmp = parent.resolve("." + name + ".tmp");
        Path old = parent.resolve("." + name + ".old");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        writer.write(tmp);
        deleteTree(old);
        if (Files.exists(target)) {
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    /** Puts the previous folder back when a crash left it aside without its replacement. */
    static void recover(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Path old = parent.resolve("." + target.getFileName() + ".old");
        if (!Files.exists(target) && Files.isDirectory(old)) {
            Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
        }
        deleteTree(parent.resolve("." + target.getFileName() + ".tmp"));
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
