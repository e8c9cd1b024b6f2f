package com.layoutlens.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Atomic replacement of user files: the new content goes to a temporary file in the same
 * folder, is forced to disk, then renamed over the target. A failed or interrupted write
 * leaves the previous file intact; the temporary file is removed on failure.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    public static void writeString(Path target, String content) throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path target, byte[] content) throws IOException {
        write(target, ch -> {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        });
    }

    /** Writes the content of a file to an open channel; what it throws fails the write. */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    /**
     * The streaming variant: {@code content} writes to a temporary file beside {@code target}
     * (created with the user's umask, or given the replaced file's permissions), which is
     * forced to disk and renamed over the target. When {@code content} throws, the target is
     * untouched and the temporary file removed.
     */
    public static void write(Path target, Content content) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        removeLeftovers(abs);
        Path tmp = newTempFile(abs);
        boolean done = false;
        try {
            keepPermissions(abs, tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                content.writeTo(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            syncDirectory(dir);
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * A new, empty temporary file beside {@code target}, named {@code .NAME.PID-RANDOM.tmp}.
     * It is created as any file the user's programs create (mode 0666 less the umask), not
     * owner-only as {@link Files#createTempFile} makes it: renamed over the target, it must
     * not leave a model or a label file readable by its owner alone. The process id in the
     * name lets {@link #removeLeftovers} tell a killed writer's file from one being written.
     */
    public static Path newTempFile(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        // file names hold 255 bytes: a long target name is cut so that the temporary name still fits
        String name = abs.getFileName().toString();
        while (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 200) {
            name = name.substring(0, name.offsetByCodePoints(name.length(), -1));
        }
        String prefix = "." + name + "." + ProcessHandle.current().pid() + "-";
        for (int attempt = 0; ; attempt++) {
            Path tmp = abs.resolveSibling(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36) + TMP);
            try {
                return Files.createFile(tmp);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * Deletes the temporary files killed writers left in {@code target}'s folder, once per
     * folder and process (the first write there): only regular files named exactly as
     * {@link #newTempFile} names them ({@code .NAME.PID-RANDOM.tmp}) whose process is gone. A
     * file of a writer still running (this process or another) is left alone, and so is
     * every file of any other name.
     *
     * @return how many were deleted
     */
    public static int removeLeftovers(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !CLEANED.add(dir.normalize())) {
            return 0;
        }
        int removed = 0;
        try {
            for (Path p : ofGoneProcesses(dir, LEFTOVER)) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // a folder we cannot list or clean is no reason to fail the write itself
        }
        return removed;
    }

    /**
     * The entries of {@code dir} whose name {@code name} matches, its first group a process id,
     * and whose process is gone on this machine: what a killed writer left. An entry of a process
     * still running (this one or another) may still be in use and is not listed.
     */
    public static java.util.List<Path> ofGoneProcesses(Path dir, java.util.regex.Pattern name) throws IOException {
        java.util.List<Path> out = new java.util.ArrayList<>();
        try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                java.util.regex.Matcher m = name.matcher(p.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static final java.util.Set<Path> CLEANED = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final String TMP = ".tmp";
    /** {@code .NAME.PID-RANDOM.tmp}, as {@link #newTempFile} names its files. */
    private static final java.util.regex.Pattern LEFTOVER =
            java.util.regex.Pattern.compile("\\..+\\.(\\d{1,19})-[0-9a-z]{1,13}\\.tmp");
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /**
     * The replacement of an existing file gets that file's permissions; a new file keeps the
     * permissions it was created with (the user's umask).
     */
    public static void keepPermissions(Path target, Path tmp) {
        try {
            if (!Files.exists(target) || !Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                return;
            }
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
        } catch (IOException | UnsupportedOperationException ignored) {
            // permissions are a nicety; the content is what must be safe
        }
    }

    private static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every platform can open a directory (Windows); the rename is still atomic there
        }
    }
}
