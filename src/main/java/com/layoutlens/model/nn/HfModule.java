package com.layoutlens.model.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A block whose weights carry Hugging Face names and whose shapes follow from its
 * configuration alone.
 *
 * <p>DJL names child blocks with an index prefix ({@code 01embeddings}) and flattens
 * parameter names, so checkpoint keys cannot be derived from DJL's names; instead every
 * module records the transformers name of each child and weight, and
 * {@link #weightSlots(String)} walks the tree to build the exact key map. Parameters are
 * created without a shape: a loader either gives them an array read from a checkpoint
 * ({@link Parameter#setArray}) or leaves them to {@link #initialize}, which then sets the
 * configured shape and draws fresh values. That avoids initialising a large model only to
 * overwrite every weight.
 */
public abstract class HfModule extends AbstractBlock {

    private final Map<String, Block> hfChildren = new LinkedHashMap<>();
    private final Map<String, Parameter> hfWeights = new LinkedHashMap<>();
    private final Map<Parameter, Shape> shapes = new LinkedHashMap<>();

    protected HfModule() {
        super((byte) 1);
    }

    /**
     * Registers a weight.
     *
     * @param hfName      the last part of its checkpoint key ({@code weight}, {@code bias})
     * @param shape       its shape in PyTorch layout
     * @param type        the DJL role (only informative: the initialiser is explicit)
     * @param initializer how a fresh value is drawn
     */
    protected final Parameter weight(String hfName, Shape shape, Parameter.Type type, Initializer initializer) {
        Parameter p = addParameter(Parameter.builder()
                .setName(hfName.replace('.', '_'))
                .setType(type)
                .optInitializer(initializer)
                .build());
        hfWeights.put(hfName, p);
        shapes.put(p, shape);
        return p;
    }

    /** Registers a child under its transformers attribute path (dots allowed, e.g. {@code attention.self.query}). */
    protected final <B extends Block> B child(String hfName, B block) {
        addChildBlock(hfName.replace('.', '_'), block);
        hfChildren.put(hfName, block);
        return block;
    }

    /**
     * Registers the four 2D position tables of a layout embedding under {@code prefix}
     * ({@code x_position_embeddings}, {@code y_...}, {@code h_...}, {@code w_...}, in that order).
     *
     * @param rows            rows of every table: coordinates must stay below it
     * @param coordinateWidth width of the x and y tables
     * @param shapeWidth      width of the h and w tables
     */
    protected final LayoutTables layoutTables(String prefix, int rows, int coordinateWidth, int shapeWidth,
                                              float std) {
        return new LayoutTables(
                child(prefix + "x_position_embeddings", new HfEmbedding(rows, coordinateWidth, std)),
                child(prefix + "y_position_embeddings", new HfEmbedding(rows, coordinateWidth, std)),
                child(prefix + "h_position_embeddings", new HfEmbedding(rows, shapeWidth, std)),
                child(prefix + "w_position_embeddings", new HfEmbedding(rows, shapeWidth, std)));
    }

    /** Every weight of this module and its children, keyed by full checkpoint name, in module order. */
    public final List<WeightSlot> weightSlots(String prefix) {
        List<WeightSlot> out = new ArrayList<>();
        collect(prefix, out);
        return out;
    }

    private void collect(String prefix, List<WeightSlot> out) {
        for (Map.Entry<String, Parameter> e : hfWeights.entrySet()) {
            out.add(new WeightSlot(prefix + e.getKey(), e.getValue(), shapes.get(e.getValue())));
        }
        for (Map.Entry<String, Block> e : hfChildren.entrySet()) {
            if (e.getValue() instanceof HfModule m) {
                m.collect(prefix + e.getKey() + ".", out);
            }
        }
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        for (Map.Entry<Parameter, Shape> e : shapes.entrySet()) {
            Parameter p = e.getKey();
            if (!p.isInitialized() && p.getShape() == null) {
                p.setShape(e.getValue());
            }
        }
    }

    /** Shapes come from the configuration, so children are initialised with whatever shapes were given. */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block b : children.values()) {
            b.initialize(manager, dataType, inputShapes);
        }
    }
}
