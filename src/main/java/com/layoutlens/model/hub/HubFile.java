package com.layoutlens.model.hub;

/**
 * One file of a hub repository, as the listing gives it.
 *
 * @param name   path of the file in the repository ({@code rfilename})
 * @param size   size in bytes, or -1 when the listing does not say
 * @param sha256 lower-case hex SHA-256 of the content (given for large, LFS-stored files), or {@code null}
 */
public record HubFile(String name, long size, String sha256) {
}
