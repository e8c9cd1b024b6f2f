package com.layoutlens.train;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

    /**
     * Cleans up after a run killed in the middle of {@link #write}: puts the previous folder
     * back when it was set aside without its replacement, deletes it when the replacement
     * is in place (a kill before the last delete), and deletes a half-written new folder.
     * Only folders of exactly these names are touched, and an aside folder only when it is
     * a directory (not a link) that holds a model folder's {@code config.json} or nothing.
     */
    static void recover(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Path old = parent.resolve("." + target.getFileName() + ".old");
        if (Files.isDirectory(old, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
            } else if (isOurs(old)) {
                deleteTree(old);
            }
        }
        Path tmp = parent.resolve("." + target.getFileName() + ".tmp");
        if (Files.isDirectory(tmp, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(tmp);
        }
    }

    private static boolean isOurs(Path folder) throws IOException {
        if (Files.isRegularFile(folder.resolve("config.json"), LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        try (var entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
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
