package com.layoutlens.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * When a file last changed, as far as the file system can tell.
 *
 * <p>A file's modification time can be set back by hand ({@code touch -r}, {@code cp -p},
 * {@code rsync -t}), so a file rewritten with its old size and time looks unchanged by those
 * two alone. Its status-change time ({@code ctime}) cannot be set: writing the file, or setting
 * its modification time, moves it to now. Where the file system has it (POSIX: Linux, macOS),
 * {@link #changed} is the later of the two, and {@link #identity} adds it and the file's inode
 * number; elsewhere both fall back to the modification time alone.
 */
public final class FileStamps {

    private FileStamps() {
    }

    /** The later of the file's modification and status-change times (links followed). */
    public static FileTime changed(Path file) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        FileTime ctime = unixAttributes(file).get("ctime") instanceof FileTime t ? t : null;
        return ctime != null && ctime.compareTo(modified) > 0 ? ctime : modified;
    }

    /**
     * A text that changes whenever the file's content may have changed: its size, modification
     * time, and where known its status-change time and inode number (a file replaced by another
     * one with the same size and time gets a new inode).
     */
    public static String identity(Path file) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append(Files.size(file)).append(' ').append(Files.getLastModifiedTime(file).toMillis());
        Map<String, Object> unix = unixAttributes(file);
        if (unix.get("ctime") instanceof FileTime t) {
            s.append(" c").append(t.toMillis());
        }
        if (unix.get("ino") instanceof Number ino) {
            s.append(" i").append(ino.longValue());
        }
        return s.toString();
    }

    private static Map<String, Object> unixAttributes(Path file) throws IOException {
        try {
            return Files.readAttributes(file, "unix:ctime,ino");
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return Map.of();
        }
    }
}
