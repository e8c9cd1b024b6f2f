package com.layoutlens.cli;

import com.layoutlens.data.formats.ReceiptFormats;
import com.layoutlens.data.formats.ReceiptReader;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --format auto|NAME}: the format of a command's {@code --data} folder (a picocli mixin). */
final class FormatOption {

    @Option(names = "--format", defaultValue = ReceiptFormats.AUTO, paramLabel = "auto|NAME",
            completionCandidates = Formats.ReaderNames.class,
            description = "format of the --data folder: auto (default: the first format that recognises the folder,"
                    + " sroie last) or one of ${COMPLETION-CANDIDATES}")
    String format = ReceiptFormats.AUTO;

    /** The reader of {@code data}; an unknown name or a folder no format recognises is a usage error. */
    ReceiptReader reader(Path data) {
        return Formats.reader("--format", format, data);
    }
}
