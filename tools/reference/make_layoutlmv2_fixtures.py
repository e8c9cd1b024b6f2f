"""Writes the LayoutLMv2 parity fixtures used by the Java tests.

For each tiny configuration below, builds a LayoutLMv2ForTokenClassification with
transformers (float32, eval mode) on detectron2's own ResNet/FPN backbone, randomises every
weight and buffer (frozen batch norm statistics included), runs a batch of 2 (the second row
padded) and writes into src/test/resources/fixtures/layoutlmv2/<name>/:

  config.json, model.safetensors  the model folder as save_pretrained writes it
  inputs.safetensors   input_ids, bbox, attention_mask, token_type_ids (int64) and image
                       (B, 3, H, W): the processor's output, BGR values 0..255 (whole numbers,
                       stored as float16 where that keeps the file small: exact)
  outputs.safetensors  p2 (backbone P2 map), pooled (B, pool cells, channels: the visual
                       branch's output before visual_proj), hidden_states.N (N = 0 is the
                       text + visual embedding output, N = layers the encoder output, each
                       (B, L + cells, H)) and logits (B, L, labels)

Needs detectron2's source (see d2env.py and README.md). Run from anywhere:
    DETECTRON2_SRC=/tmp/d2src python tools/reference/make_layoutlmv2_fixtures.py
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import d2env  # noqa: F401,E402  (before transformers)

import torch  # noqa: E402
from safetensors.torch import save_file  # noqa: E402
from transformers import LayoutLMv2Config, LayoutLMv2ForTokenClassification  # noqa: E402

from make_layoutlm_fixtures import BIO, SROIE, random_boxes  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "src", "test", "resources", "fixtures", "layoutlmv2")


def backbone(**kw):
    """transformers' default detectron2 arguments with the given overrides (short keys)."""
    args = LayoutLMv2Config.get_default_detectron2_config()
    for k, v in kw.items():
        args[k.replace("__", ".")] = v
    return args


CONFIGS = [
    # fast_qkv, both attention biases, a grouped bottleneck ResNet-50 + FPN, 224 x 224 image
    dict(name="tiny-a", seed=11, seq=9, pad=3, image=224, image_dtype=torch.float16, labels=SROIE,
         config=dict(vocab_size=99, hidden_size=36, num_hidden_layers=2, num_attention_heads=4,
                     intermediate_size=37, hidden_act="gelu", max_position_embeddings=64,
                     max_2d_position_embeddings=1024, coordinate_size=6, shape_size=6,
                     fast_qkv=True, has_relative_attention_bias=True, has_spatial_attention_bias=True,
                     image_feature_pool_shape=[7, 7, 4],
                     detectron2_config_args=backbone(
                         MODEL__RESNETS__DEPTH=50, MODEL__RESNETS__NUM_GROUPS=2,
                         MODEL__RESNETS__WIDTH_PER_GROUP=1, MODEL__RESNETS__STEM_OUT_CHANNELS=8,
                         MODEL__RESNETS__RES2_OUT_CHANNELS=8, MODEL__FPN__OUT_CHANNELS=4))),
    # separate q/k/v, other bucket settings, visual segment embedding, stride in the 1x1
    # convolutions, a non-square pool that does not divide the P2 map, gelu_new
    dict(name="tiny-b", seed=22, seq=8, pad=2, image=96, image_dtype=torch.float16, labels=BIO,
         config=dict(vocab_size=120, hidden_size=24, num_hidden_layers=3, num_attention_heads=2,
                     intermediate_size=30, hidden_act="gelu_new", layer_norm_eps=1e-5,
                     max_position_embeddings=40, max_2d_position_embeddings=1024, coordinate_size=4,
                     shape_size=4, fast_qkv=False, has_relative_attention_bias=True,
                     has_spatial_attention_bias=True, rel_pos_bins=16, max_rel_pos=20,
                     rel_2d_pos_bins=32, max_rel_2d_pos=300, has_visual_segment_embedding=True,
                     image_feature_pool_shape=[3, 5],
                     detectron2_config_args=backbone(
                         MODEL__RESNETS__DEPTH=50, MODEL__RESNETS__NUM_GROUPS=1,
                         MODEL__RESNETS__WIDTH_PER_GROUP=2, MODEL__RESNETS__STRIDE_IN_1X1=True,
                         MODEL__RESNETS__STEM_OUT_CHANNELS=8, MODEL__RESNETS__RES2_OUT_CHANNELS=8,
                         MODEL__FPN__OUT_CHANNELS=8, MODEL__PIXEL_MEAN=[100.0, 110.0, 120.0],
                         MODEL__PIXEL_STD=[50.0, 60.0, 70.0]))),
    # no attention biases, ResNeXt-101 depth, relu, a small image
    dict(name="tiny-c", seed=33, seq=7, pad=2, image=64, image_dtype=torch.float32, labels=SROIE[:3],
         config=dict(vocab_size=99, hidden_size=16, num_hidden_layers=2, num_attention_heads=4,
                     intermediate_size=20, hidden_act="relu", layer_norm_eps=1e-6,
                     max_position_embeddings=60, max_2d_position_embeddings=1001, coordinate_size=2,
                     shape_size=4, fast_qkv=True, has_relative_attention_bias=False,
                     has_spatial_attention_bias=False, image_feature_pool_shape=[7, 7, 4],
                     detectron2_config_args=backbone(
                         MODEL__RESNETS__DEPTH=101, MODEL__RESNETS__NUM_GROUPS=2,
                         MODEL__RESNETS__WIDTH_PER_GROUP=1, MODEL__RESNETS__STEM_OUT_CHANNELS=4,
                         MODEL__RESNETS__RES2_OUT_CHANNELS=4, MODEL__FPN__OUT_CHANNELS=4))),
]


def randomise(model, gen):
    """Every weight and buffer random, at scales that keep activations of order one, so that
    a wrong formula anywhere (frozen batch norm included) shows in the outputs."""
    with torch.no_grad():
        for name, p in list(model.named_parameters()) + list(model.named_buffers()):
            if name.endswith("position_ids") or name.endswith("num_batches_tracked") or "pixel_" in name:
                continue
            if ".norm." in name:  # detectron2 FrozenBatchNorm2d
                if name.endswith("running_var"):
                    p.copy_(0.5 + torch.rand(p.shape, generator=gen))
                elif name.endswith("weight"):
                    p.copy_(0.5 + 0.5 * torch.rand(p.shape, generator=gen))
                else:
                    p.copy_(0.2 * torch.randn(p.shape, generator=gen))
            elif p.dim() == 4:  # convolution: fan-in scaling
                fan_in = p.shape[1] * p.shape[2] * p.shape[3]
                p.copy_(torch.randn(p.shape, generator=gen) * (1.5 / fan_in) ** 0.5)
            elif name.endswith("LayerNorm.weight"):
                p.copy_(1.0 + 0.1 * torch.randn(p.shape, generator=gen))
            else:
                p.copy_(0.15 * torch.randn(p.shape, generator=gen))


def random_image(gen, size):
    """A document-like picture (light paper, dark strokes, a few blocks), whole values 0..255, BGR."""
    img = 200 + 40 * torch.rand(3, 1, 1, generator=gen) + 10 * torch.randn(3, size, size, generator=gen)
    for _ in range(12):
        y, x = torch.randint(0, size - 4, (2,), generator=gen).tolist()
        h, w = torch.randint(2, max(3, size // 4), (2,), generator=gen).tolist()
        img[:, y:y + h, x:x + w] = 255 * torch.rand(3, 1, 1, generator=gen)
    return img.clamp(0, 255).round()


def make(spec, out_root=OUT, formats=("safetensors",), randomise_weights=True):
    gen = torch.Generator().manual_seed(spec["seed"])
    torch.manual_seed(spec["seed"])
    labels = spec["labels"]
    cfg = LayoutLMv2Config(num_labels=len(labels), id2label=dict(enumerate(labels)),
                           label2id={l: i for i, l in enumerate(labels)}, **spec["config"])
    model = LayoutLMv2ForTokenClassification(cfg).float().eval()
    if randomise_weights:
        randomise(model, gen)

    seq, pad = spec["seq"], spec["pad"]
    ids = torch.randint(5, cfg.vocab_size, (2, seq), generator=gen)
    bbox = torch.zeros(2, seq, 4, dtype=torch.long)
    mask = torch.ones(2, seq, dtype=torch.long)
    types = torch.zeros(2, seq, dtype=torch.long)
    for row, length in enumerate([seq, seq - pad]):
        ids[row, 0] = 2
        ids[row, length - 1] = 3
        bbox[row, 1:length - 1] = random_boxes(gen, length - 2)
        bbox[row, length - 1] = torch.tensor([1000, 1000, 1000, 1000])
        if length < seq:
            ids[row, length:] = 0
            mask[row, length:] = 0
    types[0, seq // 2:] = 1
    image = torch.stack([random_image(gen, spec["image"]) for _ in range(2)])

    core = model.layoutlmv2
    captured = {}

    def before_encoder(module, args, kwargs):
        captured["hidden_states.0"] = (args[0] if args else kwargs["hidden_states"]).detach().clone()

    def after_layer(i):
        def hook(module, args, output):
            out = output[0] if isinstance(output, tuple) else output
            captured["hidden_states.%d" % (i + 1)] = out.detach().clone()
        return hook

    handles = [core.encoder.register_forward_pre_hook(before_encoder, with_kwargs=True)]
    for i, layer in enumerate(core.encoder.layer):
        handles.append(layer.register_forward_hook(after_layer(i)))
    with torch.no_grad():
        out = model(input_ids=ids, bbox=bbox, image=image, attention_mask=mask, token_type_ids=types)
        normalised = (image - core.visual.pixel_mean) / core.visual.pixel_std
        p2 = core.visual.backbone(normalised)["p2"]
        pooled = core.visual(image)
    for h in handles:
        h.remove()

    folder = os.path.join(out_root, spec["name"])
    os.makedirs(folder, exist_ok=True)
    if "safetensors" in formats:
        model.save_pretrained(folder, safe_serialization=True)
    else:
        model.config.save_pretrained(folder)
    if "bin" in formats:
        # the legacy format, as older hub checkpoints ship it (buffers included)
        torch.save(model.state_dict(), os.path.join(folder, "pytorch_model.bin"))
    # transformers adds the pool's channel count to a two-entry image_feature_pool_shape;
    # keep the file as the user wrote it, so that the Java side must work it out as well
    with open(os.path.join(folder, "config.json"), encoding="utf-8") as f:
        saved = json.load(f)
    if "image_feature_pool_shape" in spec["config"]:
        saved["image_feature_pool_shape"] = spec["config"]["image_feature_pool_shape"]
    with open(os.path.join(folder, "config.json"), "w", encoding="utf-8") as f:
        json.dump(saved, f, indent=2, sort_keys=True)
        f.write("\n")
    save_file({"input_ids": ids, "bbox": bbox, "attention_mask": mask, "token_type_ids": types,
               "image": image.to(spec["image_dtype"]).contiguous()},
              os.path.join(folder, "inputs.safetensors"))
    outputs = {"logits": out.logits.contiguous(), "p2": p2.contiguous(), "pooled": pooled.contiguous()}
    outputs.update({k: v.contiguous() for k, v in captured.items()})
    save_file(outputs, os.path.join(folder, "outputs.safetensors"))
    assert len(captured) == cfg.num_hidden_layers + 1
    print("%s: %d weights, logits %s, p2 %s, pooled %s" % (
        spec["name"], sum(p.numel() for p in model.parameters()), tuple(out.logits.shape),
        tuple(p2.shape), tuple(pooled.shape)))


def main():
    torch.use_deterministic_algorithms(False)
    for spec in CONFIGS:
        make(spec)


if __name__ == "__main__":
    main()
