package com.layoutlens.data;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A failed write in words a user can act on. Java's file exceptions often carry only a path
 * (an {@link AccessDeniedException}'s message is the file name, a rename onto a folder says
 * "tmp -> target: Is a directory"), which tells nobody what went wrong.
 */
public final class WriteErrors {

    private WriteErrors() {
    }

    /** {@code cannot write FILE: REASON}. */
    public static String cannotWrite(Path target, IOException e) {
        return "cannot write " + target + ": " + reason(e);
    }

    /**
     * {@code cannot write FILE: REASON} for an exception that names its file (the target of a
     * rename rather than the temporary file beside it), else {@code cannot write into FOLDER: REASON}.
     */
    public static String describe(Path folder, IOException e) {
        String file = file(e);
        return file != null ? "cannot write " + file + ": " + reason(e) : "cannot write into " + folder + ": " + reason(e);
    }

    /** {@code FILE: REASON} for a failed read or write, {@code FOLDER: REASON} when the exception names no file. */
    public static String fileAndReason(Path folder, IOException e) {
        String file = file(e);
        return (file != null ? file : folder.toString()) + ": " + reason(e);
    }

    private static String file(IOException e) {
        if (e instanceof FileSystemException f && !(e instanceof FileAlreadyExistsException)
                && !(e instanceof NoSuchFileException)) {
            return f.getOtherFile() != null ? f.getOtherFile() : f.getFile();
        }
        return null;
    }

    /** Why a write failed: "permission denied", "a directory is in the way", "no space left on the device"... */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException f) {
            // what Files.createDirectories says when a file stands where a folder must go
            return f.getFile() == null ? "a file is in the way" : f.getFile() + " is a file, not a folder";
        }
        if (e instanceof NotDirectoryException f) {
            return f.getFile() + " is not a folder";
        }
        if (e instanceof NoSuchFileException f) {
            return "no such file or folder: " + f.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            String r = f.getReason().toLowerCase(Locale.ROOT);
            if (r.contains("is a directory")) {
                return "a directory is in the way";
            }
            if (r.contains("not a directory")) {
                return "a file is in the way of a folder on the path";
            }
            if (r.contains("permission denied") || r.contains("operation not permitted")) {
                return "permission denied";
            }
            if (r.contains("read-only file system")) {
                return "the file system is read-only";
            }
            if (r.contains("no space left")) {
                return "no space left on the device";
            }
            if (r.contains("quota")) {
                return "disk quota exceeded";
            }
            return r;
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        String l = m.toLowerCase(Locale.ROOT);
        if (l.contains("is a directory")) {
            return "a directory is in the way";
        }
        if (l.contains("no space left")) {
            return "no space left on the device";
        }
        if (l.contains("permission denied")) {
            return "permission denied";
        }
        return m;
    }
}
