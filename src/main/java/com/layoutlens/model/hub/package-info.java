/**
 * Model folders on disk and on a model hub: describing a folder without loading its weights
 * ({@link com.layoutlens.model.hub.ModelFolders}: type, size, parameters, labels, origin,
 * problems), downloading one from the Hugging Face hub or a mirror with checked, resumable
 * transfers ({@link com.layoutlens.model.hub.HubClient}), and converting
 * {@code pytorch_model.bin} to safetensors.
 *
 * <p>Must not know evaluation, training or the front ends; neither front end makes a
 * {@code HubClient}: both download through {@code com.layoutlens.service.ModelDownloads}
 * (ArchitectureTest).
 */
package com.layoutlens.model.hub;
