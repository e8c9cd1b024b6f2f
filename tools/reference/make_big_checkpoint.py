"""Writes a LayoutLM-shaped random state dict, base (about 450 MB) or large (about 1.4 GB), as
both model.safetensors and pytorch_model.bin, for the manual loading check of
CheckpointLoadBenchmark. Write it outside the repository (the default is /tmp) and delete it after.

    python tools/reference/make_big_checkpoint.py [--size base|large] [--out /tmp/layoutlm-base-random]
"""
import argparse
import collections
from pathlib import Path

import torch
from safetensors.torch import save_file

SIZES = {"base": (12, 768, 3072), "large": (24, 1024, 4096)}


def state_dict(layers, hidden, inter, vocab=30522):
    g = torch.Generator().manual_seed(0)

    def r(*shape):
        return torch.randn(*shape, generator=g) * 0.02

    sd = collections.OrderedDict()
    e = "layoutlm.embeddings."
    sd[e + "word_embeddings.weight"] = r(vocab, hidden)
    sd[e + "position_embeddings.weight"] = r(512, hidden)
    for k in ("x", "y", "h", "w"):
        sd[e + k + "_position_embeddings.weight"] = r(1024, hidden)
    sd[e + "token_type_embeddings.weight"] = r(2, hidden)
    sd[e + "LayerNorm.weight"] = torch.ones(hidden)
    sd[e + "LayerNorm.bias"] = torch.zeros(hidden)
    sd[e + "position_ids"] = torch.arange(512).unsqueeze(0)
    for i in range(layers):
        p = f"layoutlm.encoder.layer.{i}."
        for m in ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"):
            sd[p + m + ".weight"] = r(hidden, hidden)
            sd[p + m + ".bias"] = r(hidden)
        sd[p + "attention.output.LayerNorm.weight"] = torch.ones(hidden)
        sd[p + "attention.output.LayerNorm.bias"] = torch.zeros(hidden)
        sd[p + "intermediate.dense.weight"] = r(inter, hidden)
        sd[p + "intermediate.dense.bias"] = r(inter)
        sd[p + "output.dense.weight"] = r(hidden, inter)
        sd[p + "output.dense.bias"] = r(hidden)
        sd[p + "output.LayerNorm.weight"] = torch.ones(hidden)
        sd[p + "output.LayerNorm.bias"] = torch.zeros(hidden)
    sd["layoutlm.pooler.dense.weight"] = r(hidden, hidden)
    sd["layoutlm.pooler.dense.bias"] = r(hidden)
    sd["classifier.weight"] = r(13, hidden)
    sd["classifier.bias"] = r(13)
    return sd


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", choices=SIZES, default="base")
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    out = Path(a.out or f"/tmp/layoutlm-{a.size}-random")
    out.mkdir(parents=True, exist_ok=True)
    sd = state_dict(*SIZES[a.size])
    torch.save(sd, out / "pytorch_model.bin")
    save_file(sd, out / "model.safetensors", metadata={"format": "pt"})
    n = sum(t.numel() for t in sd.values())
    total = float(sum(t.double().sum() for t in sd.values() if t.is_floating_point()))
    print(f"{out}: {len(sd)} tensors, {n} elements, float sum {total:.6f}")


if __name__ == "__main__":
    main()
