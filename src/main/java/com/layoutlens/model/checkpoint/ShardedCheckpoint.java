package com.layoutlens.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A checkpoint split into shards, as transformers saves large models: an index file
 * ({@code model.safetensors.index.json} or {@code pytorch_model.bin.index.json}) whose
 * {@code weight_map} names the shard of each tensor. Each shard is opened once; names keep
 * the index's order.
 */
final class ShardedCheckpoint implements Checkpoint {

    private final Path index;
    private final Map<String, Checkpoint> byTensor;
    private final List<Checkpoint> shards;

    private ShardedCheckpoint(Path index, Map<String, Checkpoint> byTensor, List<Checkpoint> shards) {
        this.index = index;
        this.byTensor = byTensor;
        this.shards = shards;
    }

    static ShardedCheckpoint open(Path index) throws CheckpointException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(com.layoutlens.data.TextFiles.readUtf8(index, com.layoutlens.data.InputLimits.MAX_TOKENIZER_BYTES));
        } catch (com.layoutlens.data.TextFiles.Unusable e) {
            throw new CheckpointException(index, null, "the shard index " + index + " " + e.getMessage(), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CheckpointException(index, null, "the shard index " + index + " is not valid JSON: "
                    + com.layoutlens.data.JsonErrors.describe(e), e);
        } catch (IOException e) {
            throw new CheckpointException(index, null, "cannot read the shard index " + index + ": " + e.getMessage(), e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject() || map.isEmpty()) {
            throw new CheckpointException(index, null, index + " has no weight_map: not a shard index");
        }
        Path dir = index.toAbsolutePath().getParent();
        Map<String, Checkpoint> opened = new LinkedHashMap<>();
        Map<String, Checkpoint> byTensor = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, JsonNode> e : map.properties()) {
                String name = e.getKey();
                String shardName = e.getValue().asText();
                Path shard = dir.resolve(shardName).normalize();
                if (!e.getValue().isTextual() || !shard.getParent().equals(dir.normalize())) {
                    throw new CheckpointException(index, name, index + ": tensor '" + name + "' is mapped to '"
                            + e.getValue() + "', which is not a file beside the index");
                }
                Checkpoint c = opened.get(shardName);
                if (c == null) {
                    if (!Files.isRegularFile(shard)) {
                        throw new CheckpointException(index, name, index + ": shard '" + shardName + "' of tensor '"
                                + name + "' is missing");
                    }
                    c = Checkpoints.openFile(shard);
                    opened.put(shardName, c);
                }
                if (!c.contains(name)) {
                    throw new CheckpointException(index, name, index + ": tensor '" + name + "' is not in its shard "
                            + shard);
                }
                byTensor.put(name, c);
            }
        } catch (CheckpointException | RuntimeException e) {
            opened.values().forEach(Checkpoint::close);
            throw e;
        }
        return new ShardedCheckpoint(index, byTensor, new ArrayList<>(opened.values()));
    }

    private Checkpoint shard(String name) throws CheckpointException {
        Checkpoint c = byTensor.get(name);
        if (c == null) {
            throw new CheckpointException(index, name, index + " has no tensor '" + name + "'");
        }
        return c;
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(byTensor.keySet()));
    }

    @Override
    public boolean contains(String name) {
        return byTensor.containsKey(name);
    }

    @Override
    public TensorInfo info(String name) throws CheckpointException {
        return shard(name).info(name);
    }

    @Override
    public float[] readFloats(String name) throws CheckpointException {
        return shard(name).readFloats(name);
    }

    @Override
    public double[] readDoubles(String name) throws CheckpointException {
        return shard(name).readDoubles(name);
    }

    @Override
    public long[] readLongs(String name) throws CheckpointException {
        return shard(name).readLongs(name);
    }

    @Override
    public int[] readInts(String name) throws CheckpointException {
        return shard(name).readInts(name);
    }

    @Override
    public Map<String, String> metadata() {
        return shards.isEmpty() ? Map.of() : shards.get(0).metadata();
    }

    @Override
    public Path source() {
        return index;
    }

    @Override
    public void close() {
        shards.forEach(Checkpoint::close);
    }
}
