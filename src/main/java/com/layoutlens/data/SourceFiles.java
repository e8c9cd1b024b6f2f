package com.layoutlens.data;

import java.nio.file.Path;
import java.util.List;

/**
 * The files one receipt was read from, as its format knows them: a result computed from the
 * receipt (a cached prediction) is stale once one of them is newer. Files that do not exist
 * may be named (an image that was removed); they are skipped by the caller.
 */
@FunctionalInterface
public interface SourceFiles {

    List<Path> of(Receipt receipt);
}
