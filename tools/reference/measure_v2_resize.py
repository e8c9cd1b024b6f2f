"""Writes LayoutLMv2's processed page images for a few real receipts (manual measurement).

For the first --count images of a SROIE folder, stores what transformers' processors make
of them: `pil.<ID>` from LayoutLMv2ImageProcessorPil (PIL bilinear, the historical
reference) and `tv.<ID>` from LayoutLMv2ImageProcessor (the torchvision backend, the
default in transformers 5), each (3, 224, 224) float32 BGR 0..255. The Java side
(com.layoutlens.model.layoutlmv2.PageImageCheck) compares its own resize with both and
measures how much the difference moves the logits. The receipts stay outside the repository.

    python tools/reference/measure_v2_resize.py --sroie ../shared/sroie --count 12 --out /tmp/layoutlmv2-resize.safetensors
"""
import argparse
import os

import torch
from PIL import Image
from safetensors.torch import save_file
from transformers.models.layoutlmv2.image_processing_layoutlmv2 import LayoutLMv2ImageProcessor
from transformers.models.layoutlmv2.image_processing_pil_layoutlmv2 import LayoutLMv2ImageProcessorPil


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sroie", default="../shared/sroie")
    ap.add_argument("--count", type=int, default=12)
    ap.add_argument("--out", default="/tmp/layoutlmv2-resize.safetensors")
    a = ap.parse_args()
    pil_proc = LayoutLMv2ImageProcessorPil(apply_ocr=False)
    tv_proc = LayoutLMv2ImageProcessor(apply_ocr=False)
    folder = os.path.join(a.sroie, "img")
    ids = sorted(os.path.splitext(f)[0] for f in os.listdir(folder) if f.lower().endswith(".jpg"))[:a.count]
    out = {}
    for i in ids:
        img = Image.open(os.path.join(folder, i + ".jpg")).convert("RGB")
        p = torch.as_tensor(pil_proc(img, return_tensors="pt")["pixel_values"][0]).float()
        t = torch.as_tensor(tv_proc(img, return_tensors="pt")["pixel_values"][0]).float()
        out["pil." + i] = p.contiguous()
        out["tv." + i] = t.contiguous()
        print("%s %dx%d: PIL vs torchvision mean |diff| %.3f, max %.0f" % (
            i, img.width, img.height, (p - t).abs().mean().item(), (p - t).abs().max().item()))
    save_file(out, a.out)


if __name__ == "__main__":
    main()
