"""Writes LayoutLMv3's processed page images for a few real receipts (manual measurement).

For the first --count images of a SROIE folder, stores what transformers' LayoutLMv3 image
processors make of them with their defaults (224 x 224, mean = std = 0.5, apply_ocr=False):
`tv.<ID>` from LayoutLMv3ImageProcessor (torchvision, the default in transformers 5) and `pil.<ID>`
from LayoutLMv3ImageProcessorPil, each (3, 224, 224) float32 RGB, normalised. The Java side
(com.layoutlens.model.layoutlmv3.PageCheck) compares its own preparation with both. The
receipts stay outside the repository.

    python tools/reference/measure_v3_pages.py --sroie ../shared/sroie --count 12 --out /tmp/layoutlmv3-pages.safetensors
"""
import argparse
import os

import torch
from PIL import Image
from safetensors.torch import save_file
from transformers import LayoutLMv3ImageProcessor
from transformers.models.layoutlmv3.image_processing_pil_layoutlmv3 import LayoutLMv3ImageProcessorPil


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sroie", default="../shared/sroie")
    ap.add_argument("--count", type=int, default=12)
    ap.add_argument("--out", default="/tmp/layoutlmv3-pages.safetensors")
    a = ap.parse_args()
    tv_proc = LayoutLMv3ImageProcessor(apply_ocr=False)
    pil_proc = LayoutLMv3ImageProcessorPil(apply_ocr=False)
    folder = os.path.join(a.sroie, "img")
    ids = sorted(os.path.splitext(f)[0] for f in os.listdir(folder) if f.lower().endswith(".jpg"))[:a.count]
    out = {}
    for i in ids:
        img = Image.open(os.path.join(folder, i + ".jpg")).convert("RGB")
        t = torch.as_tensor(tv_proc(img, return_tensors="pt")["pixel_values"][0]).float()
        p = torch.as_tensor(pil_proc(img, return_tensors="pt")["pixel_values"][0]).float()
        out["tv." + i] = t.contiguous()
        out["pil." + i] = p.contiguous()
        print("%s %dx%d: torchvision vs PIL processor mean |diff| %.4f, max %.4f (one level: %.4f)" % (
            i, img.width, img.height, (p - t).abs().mean().item(), (p - t).abs().max().item(), 1 / 127.5))
    save_file(out, a.out)


if __name__ == "__main__":
    main()
