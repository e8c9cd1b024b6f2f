package com.layoutlens.data.formats;

import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code sroie}: our own folder ({@code img/}, {@code box/ID.csv} or the competition's
 * {@code .txt}, {@code key/}, {@code labels/}, {@code corrections/}), read by {@link Dataset#load}.
 * Recognised by its {@code box/} folder; detection tries it last, after every other format.
 */
public final class SroieFormat implements ReceiptReader {

    public static final String NAME = Dataset.FORMAT;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean recognises(Path dir) {
        return Files.isDirectory(dir.resolve(Dataset.BOX));
    }

    @Override
    public Read read(Path dir) throws IOException {
        return read(dir, Options.defaults());
    }

    /** Labels come from {@code options.labels()}, else {@code dir/labels}, read in the schema given (else sroie). */
    @Override
    public Read read(Path dir, Options options) throws IOException {
        LabelSet schema = options.schema() != null ? options.schema() : LabelSet.sroie();
        Dataset ds = options.withoutLabels() ? Dataset.loadWithoutLabels(dir, schema, options.progress())
                : Dataset.load(dir, schema, options.labels(), options.progress());
        return new Read(ds.receipts(), schema, ds.problems(), null, ds.skipped());
    }

    @Override
    public List<Path> sources(Path dir, Receipt receipt) {
        return Dataset.sroieSources(dir).of(receipt);
    }
}
