"""Peer of PagePreparationBenchmark: transformers' LayoutLMv3ImageProcessor (apply_ocr=False)
on the first N scans of a folder, as bench_layoutlmv3_receipts.py prepares pages (PIL decode,
RGB, the processor to a float32 tensor), one untimed pass, then ROUNDS timed ones.

    /work/venv-ref/bin/python tools/reference/bench_v3_pages.py ../shared/sroie/img [N] [ROUNDS]
"""
import os
import sys
import time


def main(folder, n, rounds):
    import torch
    from PIL import Image
    from transformers import LayoutLMv3ImageProcessor
    torch.set_num_threads(2)
    processor = LayoutLMv3ImageProcessor(apply_ocr=False)
    files = sorted(f for f in os.listdir(folder) if f.lower().endswith(".jpg"))[:n]

    def page(name):
        with Image.open(os.path.join(folder, name)) as im:
            return processor(images=im.convert("RGB"), return_tensors="pt")["pixel_values"][0]

    for f in files:
        page(f)
    for r in range(1, rounds + 1):
        t0 = time.perf_counter()
        for f in files:
            with Image.open(os.path.join(folder, f)) as im:
                im.load()
        t1 = time.perf_counter()
        for f in files:
            page(f)
        t2 = time.perf_counter()
        print("round %d: per scan decode %.1f ms, file to pixels %.1f ms (load average %s)"
              % (r, (t1 - t0) * 1e3 / len(files), (t2 - t1) * 1e3 / len(files), os.getloadavg()[0]))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 40, int(sys.argv[3]) if len(sys.argv) > 3 else 3)
