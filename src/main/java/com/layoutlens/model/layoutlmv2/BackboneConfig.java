package com.layoutlens.model.layoutlmv2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The visual backbone of a LayoutLMv2 model: a detectron2 ResNet/ResNeXt with an FPN on
 * top, as {@code detectron2_config_args} describes it.
 *
 * <p>transformers applies those arguments over detectron2's {@code get_cfg()} defaults, and
 * uses its own default argument set (a ResNeXt-101 32x8d FPN) when the key is absent; this
 * class does the same. Arguments that do not shape the backbone (anchors, ROI heads, RPN)
 * are ignored; settings the port does not implement (deformable convolutions, group norm,
 * a normalised FPN) are rejected with the key's name.
 *
 * @param depth             18, 34 (basic blocks), 50, 101 or 152 (bottleneck blocks)
 * @param numGroups         groups of the 3x3 convolution in bottleneck blocks
 * @param widthPerGroup     bottleneck width per group in res2 (doubling per stage)
 * @param stemOutChannels   channels after the stem
 * @param res2OutChannels   channels after res2 (doubling per stage)
 * @param strideIn1x1       whether a stage's stride sits in the first 1x1 (else in the 3x3)
 * @param res5Dilation      dilation of res5's 3x3 convolutions (1 or 2)
 * @param norm              {@code FrozenBN}, {@code BN}, {@code SyncBN}... (all a fixed affine map at
 *                          inference), or empty for none
 * @param stages            ResNet stages built: res2..res{stages+1} (from {@code RESNETS.OUT_FEATURES})
 * @param fpnLevels         the stages the FPN reads, ascending (from {@code FPN.IN_FEATURES}); must start at 2
 * @param fpnOutChannels    FPN channels, hence the pooled features' width
 * @param fpnAverage        {@code FPN.FUSE_TYPE} avg (else sum)
 * @param pixelMean         per-channel mean subtracted from the BGR 0..255 image
 * @param pixelStd          per-channel divisor
 * @param otherArgs         the arguments that do not shape the backbone (anchors, RPN, ROI heads...),
 *                          kept as read so that a saved folder builds in transformers exactly as the
 *                          loaded one did
 */
public record BackboneConfig(int depth, int numGroups, int widthPerGroup, int stemOutChannels, int res2OutChannels,
                             boolean strideIn1x1, int res5Dilation, String norm, int stages, List<Integer> fpnLevels,
                             int fpnOutChannels, boolean fpnAverage, float[] pixelMean, float[] pixelStd,
                             Map<String, JsonNode> otherArgs) {

    /** The keys {@link #toArgs()} writes from the fields; every other key passes through. */
    static final List<String> SHAPING_KEYS = List.of("MODEL.BACKBONE.NAME", "MODEL.PIXEL_MEAN", "MODEL.PIXEL_STD",
            "MODEL.RESNETS.DEPTH", "MODEL.RESNETS.NUM_GROUPS", "MODEL.RESNETS.WIDTH_PER_GROUP",
            "MODEL.RESNETS.STEM_OUT_CHANNELS", "MODEL.RESNETS.RES2_OUT_CHANNELS", "MODEL.RESNETS.STRIDE_IN_1X1",
            "MODEL.RESNETS.RES5_DILATION", "MODEL.RESNETS.NORM", "MODEL.RESNETS.OUT_FEATURES",
            "MODEL.FPN.IN_FEATURES", "MODEL.FPN.OUT_CHANNELS", "MODEL.FPN.FUSE_TYPE");

    /** transformers' full default argument set: detectron2 needs its RPN and ROI heads settings to build. */
    static Map<String, Object> transformersArgs() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("MODEL.MASK_ON", true);
        m.put("MODEL.PIXEL_STD", List.of(57.375, 57.120, 58.395));
        m.put("MODEL.BACKBONE.NAME", "build_resnet_fpn_backbone");
        m.put("MODEL.FPN.IN_FEATURES", List.of("res2", "res3", "res4", "res5"));
        m.put("MODEL.ANCHOR_GENERATOR.SIZES", List.of(List.of(32), List.of(64), List.of(128), List.of(256),
                List.of(512)));
        m.put("MODEL.RPN.IN_FEATURES", List.of("p2", "p3", "p4", "p5", "p6"));
        m.put("MODEL.RPN.PRE_NMS_TOPK_TRAIN", 2000);
        m.put("MODEL.RPN.PRE_NMS_TOPK_TEST", 1000);
        m.put("MODEL.RPN.POST_NMS_TOPK_TRAIN", 1000);
        m.put("MODEL.POST_NMS_TOPK_TEST", 1000);
        m.put("MODEL.ROI_HEADS.NAME", "StandardROIHeads");
        m.put("MODEL.ROI_HEADS.NUM_CLASSES", 5);
        m.put("MODEL.ROI_HEADS.IN_FEATURES", List.of("p2", "p3", "p4", "p5"));
        m.put("MODEL.ROI_BOX_HEAD.NAME", "FastRCNNConvFCHead");
        m.put("MODEL.ROI_BOX_HEAD.NUM_FC", 2);
        m.put("MODEL.ROI_BOX_HEAD.POOLER_RESOLUTION", 14);
        m.put("MODEL.ROI_MASK_HEAD.NAME", "MaskRCNNConvUpsampleHead");
        m.put("MODEL.ROI_MASK_HEAD.NUM_CONV", 4);
        m.put("MODEL.ROI_MASK_HEAD.POOLER_RESOLUTION", 7);
        m.put("MODEL.RESNETS.DEPTH", 101);
        m.put("MODEL.RESNETS.SIZES", List.of(List.of(32), List.of(64), List.of(128), List.of(256), List.of(512)));
        m.put("MODEL.RESNETS.ASPECT_RATIOS", List.of(List.of(0.5, 1.0, 2.0)));
        m.put("MODEL.RESNETS.OUT_FEATURES", List.of("res2", "res3", "res4", "res5"));
        m.put("MODEL.RESNETS.NUM_GROUPS", 32);
        m.put("MODEL.RESNETS.WIDTH_PER_GROUP", 8);
        m.put("MODEL.RESNETS.STRIDE_IN_1X1", false);
        return m;
    }

    /** transformers' default arguments that do not shape the backbone, as JSON. */
    static Map<String, JsonNode> defaultOtherArgs() {
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> out = new LinkedHashMap<>();
        transformersArgs().forEach((k, v) -> {
            if (!SHAPING_KEYS.contains(k)) {
                out.put(k, json.valueToTree(v));
            }
        });
        return out;
    }

    /**
     * A ResNet/ResNeXt-FPN over all four stages with transformers' pixel normalisation and
     * its RPN/ROI settings (for fresh models).
     */
    public static BackboneConfig resnetFpn(int depth, int numGroups, int widthPerGroup, int stemOutChannels,
                                           int res2OutChannels, int fpnOutChannels) {
        return new BackboneConfig(depth, numGroups, widthPerGroup, stemOutChannels, res2OutChannels, false, 1,
                "FrozenBN", 4, List.of(2, 3, 4, 5), fpnOutChannels, false,
                new float[] {103.530f, 116.280f, 123.675f}, new float[] {57.375f, 57.120f, 58.395f},
                defaultOtherArgs());
    }

    /**
     * {@code detectron2_config_args} for {@code config.json}: the arguments that were read
     * (or transformers' defaults) with the backbone-shaping ones written from the fields,
     * so that both this parser and transformers build the same backbone from it.
     */
    public ObjectNode toArgs() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode o = json.createObjectNode();
        otherArgs.forEach(o::set);
        o.put("MODEL.BACKBONE.NAME", "build_resnet_fpn_backbone");
        o.set("MODEL.PIXEL_MEAN", floats(json, pixelMean));
        o.set("MODEL.PIXEL_STD", floats(json, pixelStd));
        o.put("MODEL.RESNETS.DEPTH", depth);
        o.put("MODEL.RESNETS.NUM_GROUPS", numGroups);
        o.put("MODEL.RESNETS.WIDTH_PER_GROUP", widthPerGroup);
        o.put("MODEL.RESNETS.STEM_OUT_CHANNELS", stemOutChannels);
        o.put("MODEL.RESNETS.RES2_OUT_CHANNELS", res2OutChannels);
        o.put("MODEL.RESNETS.STRIDE_IN_1X1", strideIn1x1);
        o.put("MODEL.RESNETS.RES5_DILATION", res5Dilation);
        o.put("MODEL.RESNETS.NORM", norm);
        ArrayNode out = o.putArray("MODEL.RESNETS.OUT_FEATURES");
        for (int s = 2; s <= stages + 1; s++) {
            out.add("res" + s);
        }
        ArrayNode in = o.putArray("MODEL.FPN.IN_FEATURES");
        fpnLevels.forEach(l -> in.add("res" + l));
        o.put("MODEL.FPN.OUT_CHANNELS", fpnOutChannels);
        o.put("MODEL.FPN.FUSE_TYPE", fpnAverage ? "avg" : "sum");
        return o;
    }

    private static ArrayNode floats(ObjectMapper json, float[] values) {
        ArrayNode a = json.createArrayNode();
        for (float v : values) {
            a.add(Double.parseDouble(Float.toString(v)));
        }
        return a;
    }

    /** transformers' {@code LayoutLMv2Config.get_default_detectron2_config()}, the keys that shape the backbone. */
    static Map<String, Object> transformersDefaults() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("MODEL.PIXEL_STD", List.of(57.375, 57.120, 58.395));
        m.put("MODEL.BACKBONE.NAME", "build_resnet_fpn_backbone");
        m.put("MODEL.FPN.IN_FEATURES", List.of("res2", "res3", "res4", "res5"));
        m.put("MODEL.RESNETS.DEPTH", 101);
        m.put("MODEL.RESNETS.OUT_FEATURES", List.of("res2", "res3", "res4", "res5"));
        m.put("MODEL.RESNETS.NUM_GROUPS", 32);
        m.put("MODEL.RESNETS.WIDTH_PER_GROUP", 8);
        m.put("MODEL.RESNETS.STRIDE_IN_1X1", false);
        return m;
    }

    public BackboneConfig {
        pixelMean = pixelMean.clone();
        pixelStd = pixelStd.clone();
        fpnLevels = List.copyOf(fpnLevels);
        otherArgs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(otherArgs));
    }

    /** Blocks per stage res2..res5. */
    public int[] blocksPerStage() {
        return switch (depth) {
            case 18 -> new int[] {2, 2, 2, 2};
            case 34, 50 -> new int[] {3, 4, 6, 3};
            case 101 -> new int[] {3, 4, 23, 3};
            case 152 -> new int[] {3, 8, 36, 3};
            default -> throw new IllegalStateException("depth " + depth);
        };
    }

    public boolean basicBlocks() {
        return depth == 18 || depth == 34;
    }

    /**
     * Reads {@code detectron2_config_args} (null or missing: transformers' defaults).
     *
     * @throws IllegalArgumentException naming the key that is wrong or unsupported
     */
    static BackboneConfig parse(JsonNode args) {
        Map<String, Object> given = new LinkedHashMap<>();
        Map<String, JsonNode> other = new LinkedHashMap<>();
        if (args == null || args.isNull() || args.isMissingNode()) {
            given.putAll(transformersDefaults());
            other.putAll(defaultOtherArgs());
        } else {
            if (!args.isObject()) {
                throw new IllegalArgumentException("detectron2_config_args must be an object");
            }
            args.fields().forEachRemaining(e -> {
                given.put(e.getKey(), e.getValue());
                if (!SHAPING_KEYS.contains(e.getKey())) {
                    other.put(e.getKey(), e.getValue());
                }
            });
        }
        Reader r = new Reader(given);
        String backboneName = r.string("MODEL.BACKBONE.NAME", "build_resnet_backbone");
        if (!backboneName.equals("build_resnet_fpn_backbone")) {
            throw new IllegalArgumentException("detectron2_config_args MODEL.BACKBONE.NAME '" + backboneName
                    + "': LayoutLMv2 needs build_resnet_fpn_backbone");
        }
        String meta = r.string("MODEL.META_ARCHITECTURE", "GeneralizedRCNN");
        if (!meta.equals("GeneralizedRCNN")) {
            throw new IllegalArgumentException("detectron2_config_args MODEL.META_ARCHITECTURE '" + meta
                    + "' is not supported (GeneralizedRCNN only)");
        }
        int depth = r.integer("MODEL.RESNETS.DEPTH", 50);
        if (depth != 18 && depth != 34 && depth != 50 && depth != 101 && depth != 152) {
            throw new IllegalArgumentException("MODEL.RESNETS.DEPTH must be 18, 34, 50, 101 or 152, found " + depth);
        }
        int groups = r.integer("MODEL.RESNETS.NUM_GROUPS", 1);
        int width = r.integer("MODEL.RESNETS.WIDTH_PER_GROUP", 64);
        int stem = r.integer("MODEL.RESNETS.STEM_OUT_CHANNELS", 64);
        int res2 = r.integer("MODEL.RESNETS.RES2_OUT_CHANNELS", 256);
        boolean strideIn1x1 = r.bool("MODEL.RESNETS.STRIDE_IN_1X1", true);
        int dilation = r.integer("MODEL.RESNETS.RES5_DILATION", 1);
        String norm = r.string("MODEL.RESNETS.NORM", "FrozenBN");
        for (Object d : r.list("MODEL.RESNETS.DEFORM_ON_PER_STAGE", List.of(false, false, false, false))) {
            if (Boolean.TRUE.equals(d)) {
                throw new IllegalArgumentException("MODEL.RESNETS.DEFORM_ON_PER_STAGE: deformable convolutions "
                        + "are not supported");
            }
        }
        if (!List.of("FrozenBN", "BN", "SyncBN", "nnSyncBN", "naiveSyncBN", "").contains(norm)) {
            throw new IllegalArgumentException("MODEL.RESNETS.NORM '" + norm + "' is not supported (FrozenBN, BN, "
                    + "SyncBN or none)");
        }
        if (dilation != 1 && dilation != 2) {
            throw new IllegalArgumentException("MODEL.RESNETS.RES5_DILATION must be 1 or 2, found " + dilation);
        }
        if (depth == 18 || depth == 34) {
            if (res2 != 64 || groups != 1 || dilation != 1) {
                throw new IllegalArgumentException("ResNet-" + depth + " needs RES2_OUT_CHANNELS 64, NUM_GROUPS 1 "
                        + "and RES5_DILATION 1 (as detectron2 requires)");
            }
        }
        if (groups < 1 || width < 1 || stem < 1 || res2 < 1) {
            throw new IllegalArgumentException("MODEL.RESNETS channel and group counts must be positive");
        }
        List<Integer> outStages = stages(r.list("MODEL.RESNETS.OUT_FEATURES", List.of("res4")), "MODEL.RESNETS.OUT_FEATURES");
        List<Integer> fpn = stages(r.list("MODEL.FPN.IN_FEATURES", List.of()), "MODEL.FPN.IN_FEATURES");
        if (fpn.isEmpty() || fpn.get(0) != 2) {
            throw new IllegalArgumentException("MODEL.FPN.IN_FEATURES must include res2 (LayoutLMv2 reads P2), found "
                    + fpn);
        }
        for (int i = 1; i < fpn.size(); i++) {
            if (fpn.get(i) != fpn.get(i - 1) + 1) {
                throw new IllegalArgumentException("MODEL.FPN.IN_FEATURES must be consecutive stages, found " + fpn);
            }
        }
        int maxStage = 1;
        for (int s : outStages) {
            maxStage = Math.max(maxStage, s - 1);
        }
        if (fpn.get(fpn.size() - 1) - 1 > maxStage) {
            throw new IllegalArgumentException("MODEL.FPN.IN_FEATURES reads stages that MODEL.RESNETS.OUT_FEATURES "
                    + "does not build");
        }
        if (dilation == 2 && fpn.contains(5)) {
            throw new IllegalArgumentException("a dilated res5 (RES5_DILATION 2) keeps res4's stride and cannot feed "
                    + "the FPN (detectron2 requires log2-contiguous strides)");
        }
        int fpnOut = r.integer("MODEL.FPN.OUT_CHANNELS", 256);
        String fpnNorm = r.string("MODEL.FPN.NORM", "");
        if (!fpnNorm.isEmpty()) {
            throw new IllegalArgumentException("MODEL.FPN.NORM '" + fpnNorm + "' is not supported (none only)");
        }
        String fuse = r.string("MODEL.FPN.FUSE_TYPE", "sum");
        if (!fuse.equals("sum") && !fuse.equals("avg")) {
            throw new IllegalArgumentException("MODEL.FPN.FUSE_TYPE must be sum or avg, found " + fuse);
        }
        float[] mean = r.floats("MODEL.PIXEL_MEAN", new float[] {103.530f, 116.280f, 123.675f});
        float[] std = r.floats("MODEL.PIXEL_STD", new float[] {1f, 1f, 1f});
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("MODEL.PIXEL_MEAN and MODEL.PIXEL_STD need 3 values (BGR)");
        }
        return new BackboneConfig(depth, groups, width, stem, res2, strideIn1x1, dilation, norm, maxStage, fpn, fpnOut,
                fuse.equals("avg"), mean, std, other);
    }

    private static List<Integer> stages(List<?> names, String key) {
        List<Integer> out = new ArrayList<>();
        for (Object o : names) {
            String s = String.valueOf(o);
            if (!s.matches("res[2-5]")) {
                throw new IllegalArgumentException(key + ": '" + s + "' is not one of res2..res5");
            }
            out.add(s.charAt(3) - '0');
        }
        out.sort(null);
        return out;
    }

    /** Typed access to values that are either JSON nodes (from a file) or Java defaults. */
    private record Reader(Map<String, Object> values) {

        Object raw(String key) {
            Object o = values.get(key);
            if (o instanceof JsonNode n) {
                if (n.isNull()) {
                    return null;
                }
                if (n.isArray()) {
                    List<Object> list = new ArrayList<>();
                    n.forEach(e -> list.add(e.isNumber() ? (Object) e.doubleValue()
                            : e.isBoolean() ? (Object) e.booleanValue() : e.isArray() ? e : e.asText()));
                    return list;
                }
                if (n.isBoolean()) {
                    return n.booleanValue();
                }
                if (n.isIntegralNumber()) {
                    return n.intValue();
                }
                if (n.isNumber()) {
                    return n.doubleValue();
                }
                return n.asText();
            }
            return o;
        }

        int integer(String key, int fallback) {
            Object o = raw(key);
            if (o == null) {
                return fallback;
            }
            if (!(o instanceof Integer i)) {
                throw new IllegalArgumentException("detectron2_config_args " + key + " must be an integer, found " + o);
            }
            return i;
        }

        boolean bool(String key, boolean fallback) {
            Object o = raw(key);
            if (o == null) {
                return fallback;
            }
            if (!(o instanceof Boolean b)) {
                throw new IllegalArgumentException("detectron2_config_args " + key + " must be true or false, found " + o);
            }
            return b;
        }

        String string(String key, String fallback) {
            Object o = raw(key);
            return o == null ? fallback : String.valueOf(o);
        }

        List<?> list(String key, List<?> fallback) {
            Object o = raw(key);
            if (o == null) {
                return fallback;
            }
            if (!(o instanceof List<?> l)) {
                throw new IllegalArgumentException("detectron2_config_args " + key + " must be a list, found " + o);
            }
            return l;
        }

        float[] floats(String key, float[] fallback) {
            List<?> l = list(key, null);
            if (l == null) {
                return fallback;
            }
            float[] out = new float[l.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Number n)) {
                    throw new IllegalArgumentException("detectron2_config_args " + key + " must hold numbers");
                }
                out[i] = n.floatValue();
            }
            return out;
        }
    }
}
