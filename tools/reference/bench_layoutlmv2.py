"""Peer benchmark for LayoutLMv2Benchmark (Java): transformers' LayoutLMv2ForTokenClassification
with its default (base-size) configuration on detectron2's backbone, random weights, float32,
eval mode, on the CPU with the same thread count, at the same shapes. Prints the best of a few
runs per shape, and the visual branch's time alone (image -> P2 -> pooled grid).

    DETECTRON2_SRC=/tmp/d2src python tools/reference/bench_layoutlmv2.py [--threads 2]
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import d2env  # noqa: F401,E402

import torch  # noqa: E402
from transformers import LayoutLMv2Config, LayoutLMv2ForTokenClassification  # noqa: E402


def best_of(reps, fn):
    best = float("inf")
    for r in range(reps + 1):
        start = time.perf_counter()
        fn()
        ms = (time.perf_counter() - start) * 1000
        if r > 0:
            best = min(best, ms)
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    model = LayoutLMv2ForTokenClassification(LayoutLMv2Config(num_labels=5)).float().eval()
    gen = torch.Generator().manual_seed(1)
    for batch, length in [(1, 128), (8, 128), (1, 512)]:
        ids = torch.randint(1000, 21000, (batch, length), generator=gen)
        xy = torch.randint(0, 900, (batch, length, 2), generator=gen)
        wh = torch.randint(0, 100, (batch, length, 2), generator=gen)
        bbox = torch.cat([xy, xy + wh], dim=-1)
        mask = torch.ones(batch, length, dtype=torch.long)
        image = torch.randint(0, 256, (batch, 3, 224, 224), generator=gen).float()
        reps = 2 if length >= 512 or batch > 1 else 4
        with torch.inference_mode():
            whole = best_of(reps, lambda: model(input_ids=ids, bbox=bbox, image=image,
                                                attention_mask=mask).logits.numpy())
            visual = best_of(reps, lambda: model.layoutlmv2.visual(image).numpy())
        print("transformers forward %d x %d (+49 visual tokens): %.1f ms (%.1f ms per sequence); visual branch "
              "alone %.1f ms = %.0f%% of the forward" % (batch, length, whole, whole / batch, visual,
                                                          100 * visual / whole))


if __name__ == "__main__":
    main()
