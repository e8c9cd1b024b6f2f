"""Random LayoutLMv2 configurations for a parity run outside the test suite (manual).

Draws configurations the committed fixtures do not cover (ResNet-18/34 basic blocks,
ResNeXt-101/152, other pool grids, bucket settings, fuse types, with and without
fast_qkv and the attention biases), builds each with transformers on detectron2's backbone,
randomises it and writes fixture-style folders (config.json, weights, inputs.safetensors,
outputs.safetensors) under --out. Some folders carry only pytorch_model.bin.
With --base, writes one base-size model (transformers' default configuration: ResNeXt-101
32x8d FPN, BERT-base encoder) as both model.safetensors and pytorch_model.bin, with
transformers' own initialisation.

    DETECTRON2_SRC=/tmp/d2src python tools/reference/make_layoutlmv2_check.py --out /tmp/layoutlmv2-check --count 8
    java ... com.layoutlens.model.layoutlmv2.LayoutLMv2ParityCheck /tmp/layoutlmv2-check
"""
import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_layoutlmv2_fixtures as fx  # noqa: E402  (imports d2env first)

import torch  # noqa: E402


def random_spec(i, rnd):
    depth = rnd.choice([18, 34, 50, 101, 152])
    heads = rnd.choice([1, 2, 3, 4])
    coord = rnd.choice([2, 3, 4, 6])
    shape = rnd.choice([2, 4, 6])
    hidden = 4 * coord + 2 * shape
    while hidden % heads:
        heads -= 1
    basic = depth in (18, 34)
    groups = 1 if basic else rnd.choice([1, 2, 4])
    fpn = rnd.choice([4, 8])
    rows, cols = rnd.choice([(7, 7), (7, 7), (4, 6), (2, 2), (5, 3)])
    image = rnd.choice([224, 224, 128, 96])
    args = fx.backbone(
        MODEL__RESNETS__DEPTH=depth, MODEL__RESNETS__NUM_GROUPS=groups,
        MODEL__RESNETS__WIDTH_PER_GROUP=rnd.choice([1, 2]),
        MODEL__RESNETS__STEM_OUT_CHANNELS=rnd.choice([4, 8, 16]),
        MODEL__RESNETS__RES2_OUT_CHANNELS=64 if basic else rnd.choice([4, 8, 16]),
        MODEL__RESNETS__STRIDE_IN_1X1=rnd.choice([True, False]),
        MODEL__RESNETS__RES5_DILATION=1,
        MODEL__FPN__OUT_CHANNELS=fpn, MODEL__FPN__FUSE_TYPE=rnd.choice(["sum", "avg"]))
    config = dict(vocab_size=rnd.choice([60, 99]), hidden_size=hidden, num_hidden_layers=rnd.choice([1, 2, 3]),
                  num_attention_heads=heads, intermediate_size=rnd.choice([17, 37]),
                  hidden_act=rnd.choice(["gelu", "gelu_new", "relu"]), layer_norm_eps=rnd.choice([1e-12, 1e-5]),
                  max_position_embeddings=rnd.choice([64, 128]), max_2d_position_embeddings=rnd.choice([1001, 1024]),
                  coordinate_size=coord, shape_size=shape, fast_qkv=rnd.choice([True, False]),
                  has_relative_attention_bias=rnd.choice([True, False]),
                  has_spatial_attention_bias=rnd.choice([True, False]),
                  rel_pos_bins=rnd.choice([8, 16, 32]), max_rel_pos=rnd.choice([16, 128]),
                  rel_2d_pos_bins=rnd.choice([16, 64]), max_rel_2d_pos=rnd.choice([64, 256, 1000]),
                  has_visual_segment_embedding=rnd.choice([True, False]),
                  image_feature_pool_shape=[rows, cols] if rnd.random() < 0.5 else [rows, cols, fpn],
                  detectron2_config_args=args)
    return dict(name="random-%02d" % i, seed=1000 + i, seq=rnd.choice([6, 12, 30]), pad=rnd.choice([1, 3]),
                image=image, image_dtype=torch.float32, labels=fx.SROIE, config=config)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/layoutlmv2-check")
    ap.add_argument("--count", type=int, default=8)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--base", action="store_true")
    a = ap.parse_args()
    if a.base:
        spec = dict(name="base", seed=5, seq=512, pad=100, image=224, image_dtype=torch.float32,
                    labels=fx.BIO, config=dict())
        fx.make(spec, a.out, formats=("safetensors", "bin"), randomise_weights=False)
        return
    rnd = random.Random(a.seed)
    for i in range(a.count):
        spec = random_spec(i, rnd)
        fx.make(spec, a.out, formats=("bin",) if i % 3 == 2 else ("safetensors",))


if __name__ == "__main__":
    main()
