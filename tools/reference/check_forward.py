"""Check `layoutlens forward` against transformers on random weights and inputs.

Builds a token-classification model from a config (a config.json you give, or one drawn at
random), randomises every weight, saves it with save_pretrained into a temporary folder,
makes random inputs (the second and later rows padded), runs transformers on them and then

    java -jar target/layoutlens.jar forward --model DIR --inputs IN --out OUT --hidden-states

and prints the largest absolute difference per output tensor. Exit status 0 when every
difference is within --tolerance, 1 otherwise.

    /work/venv-ref/bin/python tools/reference/check_forward.py                     # a random config
    /work/venv-ref/bin/python tools/reference/check_forward.py --seed 7 --runs 5   # five random configs
    /work/venv-ref/bin/python tools/reference/check_forward.py --config my/config.json --batch 3 --length 200

The model type comes from the config's model_type (layoutlm, layoutlmv2 or layoutlmv3; for
layoutlmv2 the inputs add `image`, float32 [B, 3, 224, 224] in 0..255, and transformers needs
its visual backbone installed; for layoutlmv3 with a visual branch they add `pixel_values`,
float32 [B, C, input_size, input_size] normalised to -1..1, in three runs out of four, the
fourth reading the text alone). Everything is written to a temporary folder that is removed
afterwards unless --keep is given.
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

import torch
from safetensors.torch import load_file, save_file

# LayoutLMv2 needs detectron2's backbone code: d2env puts its source on the path (see README.md)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
if os.path.isdir(os.path.join(os.environ.get("DETECTRON2_SRC", "/tmp/d2src"), "detectron2")):
    import d2env  # noqa: F401,E402

from transformers import AutoConfig, AutoModelForTokenClassification  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def random_config(rng, model_type):
    """Sizes and options a reviewer would not have tuned the port for."""
    heads = rng.choice([1, 2, 3, 4, 6, 8])
    hidden = heads * rng.choice([4, 8, 12, 16, 24])
    labels = rng.randint(1, 13)
    cfg = dict(
        vocab_size=rng.randint(20, 3000),
        hidden_size=hidden,
        num_hidden_layers=rng.randint(1, 4),
        num_attention_heads=heads,
        intermediate_size=rng.randint(8, 4 * hidden + 7),
        hidden_act=rng.choice(["gelu", "gelu_new", "relu"]),
        max_position_embeddings=rng.choice([64, 128, 256, 512]),
        max_2d_position_embeddings=rng.choice([1001, 1024, 1100]),
        type_vocab_size=rng.randint(1, 3),
        layer_norm_eps=rng.choice([1e-12, 1e-6, 1e-5]),
        id2label={str(i): "L%d" % i for i in range(labels)},
        label2id={"L%d" % i: i for i in range(labels)},
    )
    if model_type == "layoutlmv2":
        # the text embedding concatenates 4 coordinate and 2 shape tables: hidden = 4c + 2s
        c = rng.choice([2, 4, 6, 8])
        sh = rng.choice([2, 4, 6])
        hidden = 4 * c + 2 * sh
        heads = rng.choice([h for h in (1, 2, 3, 4, 6, 8) if hidden % h == 0])
        fpn = rng.choice([4, 8])
        from transformers import LayoutLMv2Config
        d2 = LayoutLMv2Config.get_default_detectron2_config()
        d2.update({"MODEL.RESNETS.DEPTH": rng.choice([50, 101]),
                   "MODEL.RESNETS.NUM_GROUPS": rng.choice([1, 2]),
                   "MODEL.RESNETS.WIDTH_PER_GROUP": rng.choice([1, 2]),
                   "MODEL.RESNETS.STEM_OUT_CHANNELS": 8, "MODEL.RESNETS.RES2_OUT_CHANNELS": 8,
                   "MODEL.RESNETS.STRIDE_IN_1X1": rng.choice([True, False]),
                   "MODEL.FPN.OUT_CHANNELS": fpn})
        cfg.update(hidden_size=hidden, num_attention_heads=heads, coordinate_size=c, shape_size=sh,
                   intermediate_size=rng.randint(8, 4 * hidden + 7),
                   fast_qkv=rng.choice([True, False]),
                   has_relative_attention_bias=rng.choice([True, False]),
                   has_spatial_attention_bias=rng.choice([True, False]),
                   image_feature_pool_shape=[7, 7, fpn], detectron2_config_args=d2)
    if model_type == "layoutlmv3":
        c = rng.choice([2, 4, 6, 8])
        sh = rng.choice([2, 4, 6])
        hidden = 4 * c + 2 * sh
        heads = rng.choice([h for h in (1, 2, 3, 4, 6, 8) if hidden % h == 0])
        patch = rng.choice([2, 4, 8, 16])
        # input_size need not be a multiple of patch_size: the grid is input_size // patch_size
        size = patch * rng.randint(1, 7) + rng.choice([0, 0, patch - 1])
        pad = rng.choice([0, 1, 1, 3])
        cfg.update(hidden_size=hidden, num_attention_heads=heads, coordinate_size=c, shape_size=sh,
                   intermediate_size=rng.randint(8, 4 * hidden + 7),
                   pad_token_id=pad, bos_token_id=rng.choice([0, 2]), eos_token_id=rng.choice([2, 4]),
                   vocab_size=max(cfg["vocab_size"], 8),
                   has_relative_attention_bias=rng.choice([True, False]),
                   has_spatial_attention_bias=rng.choice([True, False]),
                   rel_pos_bins=rng.choice([8, 16, 32]), max_rel_pos=rng.choice([16, 64, 128]),
                   rel_2d_pos_bins=rng.choice([16, 32, 64]), max_rel_2d_pos=rng.choice([64, 256, 500]),
                   visual_embed=rng.choice([True, True, False]), input_size=size, patch_size=patch,
                   num_channels=rng.choice([1, 3, 3]))
    return AutoConfig.for_model(model_type, **cfg)


def randomise(model, gen, style):
    """Replace every weight. "fan-in" (default) draws a linear layer's weights with standard
    deviation 1/sqrt(inputs), as a trained model's tend to be, so attention scores stay of
    order one; "fixture" draws everything with 0.15, as the test fixtures do, which at base size
    makes the attention nearly one-hot and float32 rounding alone (in transformers too) reach
    about 1e-3 on the logits."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "LayerNorm.weight" in name or name.endswith("norm.weight"):
                p.copy_(1.0 + 0.1 * torch.randn(p.shape, generator=gen))
            elif style == "fan-in" and p.dim() == 2 and "embeddings" not in name:
                p.copy_(torch.randn(p.shape, generator=gen) / p.shape[1] ** 0.5)
            else:
                p.copy_(0.15 * torch.randn(p.shape, generator=gen))


def random_inputs(cfg, batch, length, gen, model_type):
    max_coord = min(1000, cfg.max_2d_position_embeddings - 1)
    ids = torch.randint(0, cfg.vocab_size, (batch, length), generator=gen)
    a = torch.randint(0, max_coord + 1, (batch, length, 2), generator=gen)
    b = torch.randint(0, max_coord + 1, (batch, length, 2), generator=gen)
    lo, hi = torch.minimum(a, b), torch.maximum(a, b)
    bbox = torch.stack([lo[..., 0], lo[..., 1], hi[..., 0], hi[..., 1]], dim=-1)
    mask = torch.ones(batch, length, dtype=torch.long)
    for row in range(1, batch):
        real = int(torch.randint(1, length + 1, (1,), generator=gen))
        mask[row, real:] = 0
        ids[row, real:] = cfg.pad_token_id if cfg.pad_token_id is not None else 0
        bbox[row, real:] = 0
    types = torch.randint(0, cfg.type_vocab_size, (batch, length), generator=gen)
    inputs = dict(input_ids=ids, bbox=bbox, attention_mask=mask, token_type_ids=types)
    if model_type == "layoutlmv2":
        inputs["image"] = torch.rand(batch, 3, 224, 224, generator=gen) * 255
    if model_type == "layoutlmv3" and cfg.visual_embed and torch.rand(1, generator=gen).item() < 0.75:
        size = cfg.input_size
        inputs["pixel_values"] = (torch.rand(batch, cfg.num_channels, size, size, generator=gen) - 0.5) / 0.5
    return inputs


def check_once(args, seed, work):
    rng = random.Random(seed)
    gen = torch.Generator().manual_seed(seed)
    if args.config:
        with open(args.config) as f:
            raw = json.load(f)
        model_type = raw.get("model_type", "layoutlm")
        cfg = AutoConfig.for_model(model_type, **{k: v for k, v in raw.items() if k != "model_type"})
    else:
        model_type = args.model_type
        cfg = random_config(rng, model_type)
    cfg._attn_implementation = "eager"
    model = AutoModelForTokenClassification.from_config(cfg).float().eval()
    randomise(model, gen, args.weights)
    folder = os.path.join(work, "model-%d" % seed)
    model.save_pretrained(folder)

    # LayoutLMv3's RoBERTa-style positions start after pad_token_id
    positions = cfg.max_position_embeddings - (cfg.pad_token_id + 1 if model_type == "layoutlmv3" else 0)
    length = args.length or rng.randint(1, min(positions, 200))
    batch = args.batch or rng.randint(1, 4)
    inputs = random_inputs(cfg, batch, length, gen, model_type)
    with torch.no_grad():
        ref = model(**inputs, output_hidden_states=True)
        # transformers' own float32 rounding, against float64: no port can be expected to beat it by much
        try:
            wide = {k: v.double() if v.is_floating_point() else v for k, v in inputs.items()}
            floor = (model.double()(**wide).logits - ref.logits.double()).abs().max().item()
        except RuntimeError:  # LayoutLMv2's attention mask cannot run in float64
            floor = float("nan")
        model.float()
    stored = {k: (v.to(torch.int32) if args.int32 and v.dtype == torch.long else v).contiguous()
              for k, v in inputs.items()}
    in_file = os.path.join(work, "inputs-%d.safetensors" % seed)
    out_file = os.path.join(work, "outputs-%d.safetensors" % seed)
    save_file(stored, in_file)

    cmd = [args.java, "-Dai.djl.offline=true", "-jar", args.jar, "forward", "--model", folder,
           "--inputs", in_file, "--out", out_file, "--device", args.device, "--hidden-states"]
    run = subprocess.run(cmd, capture_output=True, text=True)
    summary = "%s hidden %d layers %d heads %d act %s labels %d, inputs %d x %d" % (
        model_type, cfg.hidden_size, cfg.num_hidden_layers, cfg.num_attention_heads, cfg.hidden_act,
        cfg.num_labels, batch, length)
    if model_type == "layoutlmv3":
        summary += ", biases 1D %s 2D %s, visual %s%s" % (
            cfg.has_relative_attention_bias, cfg.has_spatial_attention_bias, cfg.visual_embed,
            " (page %d x %d, patch %d, %d channels)" % (cfg.input_size, cfg.input_size, cfg.patch_size,
                                                        cfg.num_channels) if "pixel_values" in inputs
            else " (text alone)")
    if run.returncode != 0:
        print("FAILED to run (%s): %s" % (summary, run.stderr.strip().splitlines()[-1:] or run.returncode))
        return None
    print(run.stdout.strip())
    got = load_file(out_file)
    want = {"logits": ref.logits}
    for i, h in enumerate(ref.hidden_states):
        name = "hidden_states.%d" % i
        # LayoutLMv2's hidden states also hold the visual tokens: compare what was written
        if name in got and h.shape[1] != length and got[name].shape[1] == length:
            h = h[:, :length]
        want[name] = h
    worst = 0.0
    for name, w in want.items():
        if name not in got:
            print("  %-18s missing from the output" % name)
            return None
        g = got[name]
        if g.shape != w.shape:
            print("  %-18s shape %s, transformers %s" % (name, tuple(g.shape), tuple(w.shape)))
            return None
        d = (g - w).abs().max().item()
        worst = max(worst, d)
        if args.verbose or name == "logits":
            print("  %-18s max |diff| %.3g" % (name, d))
    print("%s: max |diff| over logits and %d hidden states %.3g (transformers float32 vs float64: %.3g)"
          % (summary, len(want) - 1, worst, floor))
    return worst


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", help="a config.json to use instead of a random one")
    p.add_argument("--model-type", default="layoutlm", choices=["layoutlm", "layoutlmv2", "layoutlmv3"],
                   help="family of the random config (default layoutlm)")
    p.add_argument("--seed", type=int, default=None, help="first seed (default: random)")
    p.add_argument("--runs", type=int, default=1, help="how many configs to check (seed, seed+1, ...)")
    p.add_argument("--batch", type=int, default=0, help="rows (default: random 1..4)")
    p.add_argument("--length", type=int, default=0, help="tokens per row (default: random)")
    p.add_argument("--int32", action="store_true", help="store the integer inputs as int32")
    p.add_argument("--weights", default="fan-in", choices=["fan-in", "fixture"],
                   help="how random weights are drawn (see randomise)")
    p.add_argument("--device", default="cpu")
    p.add_argument("--tolerance", type=float, default=1e-4)
    p.add_argument("--jar", default=os.path.join(ROOT, "target", "layoutlens.jar"))
    p.add_argument("--java", default="java")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    p.add_argument("--verbose", action="store_true", help="print every hidden state's difference")
    args = p.parse_args()
    if not os.path.isfile(args.jar):
        sys.exit("%s not found: run `mvn -B package -DskipTests` first" % args.jar)
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    work = tempfile.mkdtemp(prefix="layoutlens-forward-check-")
    failed = 0
    try:
        for s in range(seed, seed + args.runs):
            print("seed %d" % s)
            worst = check_once(args, s, work)
            if worst is None or worst > args.tolerance:
                failed += 1
    finally:
        if args.keep:
            print("kept", work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("%d of %d within %.0e" % (args.runs - failed, args.runs, args.tolerance) if failed == 0
          else "%d of %d FAILED (tolerance %.0e)" % (failed, args.runs, args.tolerance))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
