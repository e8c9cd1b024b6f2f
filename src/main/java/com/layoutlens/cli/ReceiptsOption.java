package com.layoutlens.cli;

import com.layoutlens.data.formats.ReceiptReader;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --data DIR [--format F]}: the receipt folder a command reads, of any format (a picocli
 * mixin).
 */
final class ReceiptsOption {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "receipt folder (any format, see --format)")
    Path data;

    @Mixin
    FormatOption format = new FormatOption();

    /** The folder. */
    Path data() {
        return data;
    }

    /** The folder's reader; an unknown format name or a folder no format recognises is a usage error. */
    ReceiptReader reader() {
        return format.reader(data);
    }
}
