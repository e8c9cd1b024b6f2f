"""Peer benchmark for LayoutLMBenchmark (Java): transformers' LayoutLMForTokenClassification,
BERT-base sizes, random weights, float32, eval mode, eager attention, on the CPU with the same
thread count, at the same input shapes. Prints the best of a few runs per shape.

    /work/venv-ref/bin/python tools/reference/bench_layoutlm.py [--threads 2]
"""

import argparse
import time

import torch
from transformers import LayoutLMConfig, LayoutLMForTokenClassification


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    cfg = LayoutLMConfig(num_labels=5)
    cfg._attn_implementation = "eager"
    model = LayoutLMForTokenClassification(cfg).float().eval()
    gen = torch.Generator().manual_seed(1)
    for batch, length in [(1, 128), (8, 128), (1, 512)]:
        ids = torch.randint(1000, 21000, (batch, length), generator=gen)
        xy = torch.randint(0, 900, (batch, length, 2), generator=gen)
        wh = torch.randint(0, 100, (batch, length, 2), generator=gen)
        bbox = torch.cat([xy, xy + wh], dim=-1)
        mask = torch.ones(batch, length, dtype=torch.long)
        reps = 3 if length >= 512 else 5
        best = float("inf")
        with torch.inference_mode():
            for r in range(reps + 1):
                start = time.perf_counter()
                model(input_ids=ids, bbox=bbox, attention_mask=mask).logits.numpy()
                ms = (time.perf_counter() - start) * 1000
                if r > 0:
                    best = min(best, ms)
        print("transformers forward %d x %d: %.1f ms (%.1f ms per sequence)" % (batch, length, best, best / batch))


if __name__ == "__main__":
    main()
