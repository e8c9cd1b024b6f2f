package com.layoutlens.model.layoutlmv2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import com.layoutlens.model.nn.HfConv2d;
import com.layoutlens.model.nn.Scalars;
import com.layoutlens.model.nn.UnaryModule;

import java.util.ArrayList;
import java.util.List;

/**
 * LayoutLMv2's visual branch up to the pooled grid (transformers'
 * {@code LayoutLMv2VisualBackbone}): pixel normalisation, detectron2's ResNet (stem and
 * stages {@code bottom_up.res2..}) and FPN ({@code fpn_lateralK}, {@code fpn_outputK}), of
 * which only the stride-4 map P2 is used, then adaptive average pooling to the configured
 * grid and flattening row-major: (B, 3, H, W) BGR 0..255 -> (B, rows x cols, channels).
 *
 * <p>Weight names are relative to {@code visual.}: {@code backbone.bottom_up.stem.conv1.*},
 * {@code backbone.bottom_up.res2.0.conv1.*}, {@code backbone.fpn_lateral2.*}... The FPN's
 * top block (P6, a max pool) has no weights and does not feed P2, so it is not built.
 */
final class VisualBackbone extends UnaryModule {

    private final BackboneConfig config;
    private final int poolRows;
    private final int poolCols;
    private final ConvNorm stem;
    private final List<List<ResNetBlock>> stages = new ArrayList<>();
    /** Lateral and output convolutions by level, index 0 = the FPN's first level (2). */
    private final List<HfConv2d> laterals = new ArrayList<>();
    private final List<HfConv2d> outputs = new ArrayList<>();

    VisualBackbone(BackboneConfig config, int poolRows, int poolCols) {
        this.config = config;
        this.poolRows = poolRows;
        this.poolCols = poolCols;
        boolean norm = !config.norm().isEmpty();
        stem = child("backbone.bottom_up.stem.conv1", new ConvNorm(3, config.stemOutChannels(), 7, 2, 3, 1, 1, norm));
        int[] blocks = config.blocksPerStage();
        int in = config.stemOutChannels();
        int out = config.res2OutChannels();
        int bottleneck = config.numGroups() * config.widthPerGroup();
        int[] stageOut = new int[4];
        for (int s = 0; s < config.stages(); s++) {
            int stage = s + 2;
            int dilation = stage == 5 ? config.res5Dilation() : 1;
            int firstStride = s == 0 || (stage == 5 && dilation == 2) ? 1 : 2;
            List<ResNetBlock> list = new ArrayList<>();
            for (int b = 0; b < blocks[s]; b++) {
                int stride = b == 0 ? firstStride : 1;
                int blockIn = b == 0 ? in : out;
                ResNetBlock block = config.basicBlocks()
                        ? ResNetBlock.basic(blockIn, out, stride, norm)
                        : ResNetBlock.bottleneck(blockIn, out, bottleneck, stride, config.strideIn1x1(), dilation,
                        config.numGroups(), norm);
                list.add(child("backbone.bottom_up.res" + stage + "." + b, block));
            }
            stages.add(list);
            stageOut[s] = out;
            in = out;
            out *= 2;
            bottleneck *= 2;
        }
        int fpn = config.fpnOutChannels();
        for (int level : config.fpnLevels()) {
            laterals.add(child("backbone.fpn_lateral" + level,
                    new HfConv2d(stageOut[level - 2], fpn, 1, 1, 0, 1, 1, true)));
            outputs.add(child("backbone.fpn_output" + level, new HfConv2d(fpn, fpn, 3, 1, 1, 1, 1, true)));
        }
    }

    /** The backbone's P2 map (B, channels, H/4, W/4) from a BGR 0..255 image (B, 3, H, W). */
    NDArray p2(ParameterStore ps, NDArray image, boolean training) {
        NDManager m = image.getManager();
        NDArray mean = m.create(config.pixelMean(), new Shape(1, 3, 1, 1)).toDevice(image.getDevice(), false);
        NDArray std = m.create(config.pixelStd(), new Shape(1, 3, 1, 1)).toDevice(image.getDevice(), false);
        NDArray x = image.sub(mean).div(std);
        x = stem.apply(ps, x, training, true);
        x = Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
        List<Integer> levels = config.fpnLevels();
        int lastStage = levels.get(levels.size() - 1);
        List<NDArray> features = new ArrayList<>();
        for (int s = 0; s < lastStage - 1; s++) {
            for (ResNetBlock block : stages.get(s)) {
                x = training ? block.apply(ps, x, true) : scoped(block, ps, x);
            }
            features.add(x);
        }
        int top = levels.size() - 1;
        NDArray prev = laterals.get(top).apply(ps, features.get(levels.get(top) - 2), training);
        for (int i = top - 1; i >= 0; i--) {
            NDArray lateral = laterals.get(i).apply(ps, features.get(levels.get(i) - 2), training);
            prev = lateral.add(upsample2(prev));
            if (config.fpnAverage()) {
                prev = Scalars.div(prev, 2f);
            }
        }
        return outputs.get(0).apply(ps, prev, training);
    }

    /**
     * Folds the ResNet's frozen batch norms into its convolutions, in place, for inference
     * ({@link ConvNorm#foldNorm}): the backbone then runs without a pass over each map for its
     * norms, its ReLUs fused where the engine can. Results change in the last bits only.
     */
    void foldNorms() {
        stem.foldNorm();
        for (List<ResNetBlock> stage : stages) {
            for (ResNetBlock block : stage) {
                block.foldNorms();
            }
        }
    }

    /**
     * One block at inference with its intermediates (three convolutions, norms, ReLUs: about
     * ten maps of B x C x H x W) in a sub-manager freed as soon as it is done; otherwise a
     * ResNeXt-101 holds every block's maps until the caller's manager closes, gigabytes for a
     * batch of pages.
     */
    private static NDArray scoped(ResNetBlock block, ParameterStore ps, NDArray x) {
        NDManager parent = x.getManager();
        try (NDManager scope = parent.newSubManager()) {
            scope.tempAttachAll(x);
            NDArray out = block.apply(ps, x, false);
            out.attach(parent);
            return out;
        }
    }

    /** Nearest-neighbour upsampling by 2 ({@code F.interpolate(scale_factor=2, mode="nearest")}). */
    private static NDArray upsample2(NDArray x) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        return x.reshape(b, c, h, 1, w, 1).broadcast(new Shape(b, c, h, 2, w, 2)).reshape(b, c, 2 * h, 2 * w);
    }

    /**
     * {@code AdaptiveAvgPool2d((rows, cols))}, flattened row-major and moved channels last:
     * (B, C, H, W) -> (B, rows x cols, C). Cell i spans rows floor(i H / rows) to
     * ceil((i + 1) H / rows), as PyTorch defines it.
     */
    NDArray pool(NDArray p2) {
        Shape s = p2.getShape();
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        NDArray pooled;
        if (h % poolRows == 0 && w % poolCols == 0) {
            Shape k = new Shape(h / poolRows, w / poolCols);
            pooled = Pool.avgPool2d(p2, k, k, new Shape(0, 0), false, true);
        } else {
            NDManager m = p2.getManager();
            NDArray rows = m.create(averaging(h, poolRows), new Shape(poolRows, h)).toDevice(p2.getDevice(), false);
            NDArray cols = m.create(averaging(w, poolCols), new Shape(poolCols, w)).toDevice(p2.getDevice(), false);
            // (rows, H) x (B, C, H, W) x (W, cols)
            pooled = rows.matMul(p2).matMul(cols.transpose());
        }
        return pooled.reshape(s.get(0), s.get(1), (long) poolRows * poolCols).transpose(0, 2, 1);
    }

    /** The (out, in) matrix that averages PyTorch's adaptive pooling windows. */
    private static float[] averaging(int in, int out) {
        float[] m = new float[out * in];
        for (int i = 0; i < out; i++) {
            int start = (int) Math.floor((double) i * in / out);
            int end = (int) Math.ceil((double) (i + 1) * in / out);
            for (int j = start; j < end; j++) {
                m[i * in + j] = 1f / (end - start);
            }
        }
        return m;
    }

    /** (B, 3, H, W) -> (B, rows x cols, channels). */
    @Override
    public NDArray apply(ParameterStore ps, NDArray image, boolean training) {
        if (image.getShape().dimension() != 4 || image.getShape().get(1) != 3) {
            throw new IllegalArgumentException("image must be (batch, 3, height, width), got " + image.getShape());
        }
        if (image.getDataType() != DataType.FLOAT32) {
            image = image.toType(DataType.FLOAT32, false);
        }
        return pool(p2(ps, image, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), (long) poolRows * poolCols, config.fpnOutChannels())};
    }
}
