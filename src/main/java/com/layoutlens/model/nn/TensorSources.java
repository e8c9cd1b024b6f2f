package com.layoutlens.model.nn;

import com.layoutlens.model.ModelFolderException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the weights of a model folder. */
public final class TensorSources {

    private TensorSources() {
    }

    /**
     * Opens a weights file, or the {@code model.safetensors} of a folder.
     *
     * @throws ModelFolderException naming the file when it is missing or unreadable
     */
    public static TensorSource open(Path folderOrFile) throws ModelFolderException {
        Path file = folderOrFile;
        if (Files.isDirectory(folderOrFile)) {
            file = folderOrFile.resolve("model.safetensors");
            if (!Files.isRegularFile(file)) {
                throw new ModelFolderException(folderOrFile + ": no model.safetensors in this folder");
            }
        }
        try {
            return SimpleSafetensors.open(file);
        } catch (IOException e) {
            throw new ModelFolderException(e.getMessage(), e);
        }
    }
}
