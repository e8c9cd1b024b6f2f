"""LayoutLMv3 on real receipts, Java against transformers, in one run on the CPU.

A base-size LayoutLMv3 (transformers' LayoutLMv3Config() sizes: 12 layers of 768, both relative
attention biases, a 224-pixel page in 16-pixel patches; random weights, 5 SROIE labels) with
the byte-level BPE vocabulary of the repository's fixtures (src/test/resources/fixtures/
layoutlmv3/tokenizer, trained by make_layoutlmv3_fixtures.py on receipt text) and
LayoutLMv3ImageProcessor(apply_ocr=False) is saved into a temporary folder. Then, one after
the other, never at the same time:

1. Java (com.layoutlens.model.layoutlmv3.LayoutLMv3ReceiptsBenchmark) labels the receipts of
   ../shared/sroie that have a scan with our encoder, image processor and model: windows of at
   most 512 text tokens, sorted by length, batches of 8 padded to their longest ("dynamic"),
   each row with its receipt's page. It also writes the words, their normalised boxes and its
   windows' token ids.
2. transformers does the same with LayoutLMv3TokenizerFast (words and boxes) and
   LayoutLMv3ImageProcessor on the same words, boxes and scans, the same windows (checked
   token for token against Java's), sorting, batch size and padding ("Python dynamic").
3. transformers with a typical notebook's policy: every window padded to 512, batches of 8 in
   file order ("Python pad512").

Both sides use the same number of threads. Each line times one pass over every receipt, from
its words and scan to per-token classes (tokenization and windowing, page preparation,
padding, forward, softmax, arg-max), after warm-up batches that are not counted; latency is
per batch, from padded arrays and pages to classes.

    /work/venv-ref/bin/python tools/reference/bench_layoutlmv3_receipts.py [--threads 2] [--receipts 250]

Run it on an otherwise idle machine (it prints the load average before and after).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOKENIZER = os.path.join(ROOT, "src", "test", "resources", "fixtures", "layoutlmv3", "tokenizer")
LABELS = ["O", "COMPANY", "DATE", "ADDRESS", "TOTAL"]
MAX_LENGTH = 512
STRIDE = (MAX_LENGTH - 2) // 4  # the Java predictor's default


def make_model(folder, seed):
    import torch
    from transformers import LayoutLMv3Config, LayoutLMv3ForTokenClassification, LayoutLMv3ImageProcessor
    torch.manual_seed(seed)
    # 514 positions as in microsoft/layoutlmv3-base (LayoutLMv3Config's own default, 512, leaves
    # 510 text tokens: positions start after pad_token_id)
    cfg = LayoutLMv3Config(max_position_embeddings=514, id2label=dict(enumerate(LABELS)),
                           label2id={l: i for i, l in enumerate(LABELS)})
    LayoutLMv3ForTokenClassification(cfg).eval().save_pretrained(folder)
    for name in ["vocab.json", "merges.txt", "tokenizer.json", "tokenizer_config.json"]:
        if os.path.exists(os.path.join(TOKENIZER, name)):
            shutil.copy(os.path.join(TOKENIZER, name), os.path.join(folder, name))
    LayoutLMv3ImageProcessor(apply_ocr=False).save_pretrained(folder)


def loadavg():
    return "%.2f %.2f %.2f" % os.getloadavg()


class Windows:
    """The Java encoder's windowing over LayoutLMv3TokenizerFast's sub-tokens: <s> and </s> boxed with zeros."""

    def __init__(self, tokenizer):
        self.tok = tokenizer
        self.cls = tokenizer.cls_token_id
        self.sep = tokenizer.sep_token_id
        self.unk = tokenizer.unk_token_id

    def encode(self, words, boxes):
        zero = [0, 0, 0, 0]
        if not words:
            return [([self.cls, self.sep], [zero, zero])]
        enc = self.tok(words, boxes=boxes, add_special_tokens=False, truncation=False)
        ids, word_ids = enc["input_ids"], enc.word_ids()
        seen = set(word_ids)
        if len(seen) < len(words):  # a word without sub-tokens gets the unknown token, as in Java
            out_ids, out_words, k = [], [], 0
            for w in range(len(words)):
                if w not in seen:
                    out_ids.append(self.unk)
                    out_words.append(w)
                while k < len(ids) and word_ids[k] == w:
                    out_ids.append(ids[k])
                    out_words.append(w)
                    k += 1
            ids, word_ids = out_ids, out_words
        n = len(ids)
        first = [t == 0 or word_ids[t] != word_ids[t - 1] for t in range(n)]
        windows = []
        for start, end in spans(n, first):
            windows.append(([self.cls] + ids[start:end] + [self.sep],
                            [zero] + [boxes[word_ids[t]] for t in range(start, end)] + [zero]))
        return windows


def spans(n, first):
    capacity = MAX_LENGTH - 2
    start = 0
    while True:
        end = min(start + capacity, n)
        yield start, end
        if end >= n:
            return
        nxt = end - STRIDE
        back = nxt
        while back > start and not first[back]:
            back -= 1
        fwd = nxt
        while fwd < end and not first[fwd]:
            fwd += 1
        start = back if back > start else (fwd if fwd < end else nxt)


def pages_of(processor, receipts):
    from PIL import Image
    out = []
    for r in receipts:
        with Image.open(r["image"]) as im:
            out.append(processor(images=im.convert("RGB"), return_tensors="pt")["pixel_values"][0])
    return out


def run_batch(torch, model, batch, pages, pad_to, pad_id):
    length = pad_to or max(len(ids) for ids, _, _ in batch)
    b = len(batch)
    ids = torch.full((b, length), pad_id, dtype=torch.long)
    bbox = torch.zeros((b, length, 4), dtype=torch.long)
    mask = torch.zeros((b, length), dtype=torch.long)
    for r, (w_ids, w_box, _) in enumerate(batch):
        n = len(w_ids)
        ids[r, :n] = torch.tensor(w_ids)
        bbox[r, :n] = torch.tensor(w_box)
        mask[r, :n] = 1
    pixels = torch.stack([pages[k] for _, _, k in batch])
    with torch.inference_mode():
        logits = model(input_ids=ids, bbox=bbox, attention_mask=mask, pixel_values=pixels).logits
        classes = logits.softmax(-1).argmax(-1).numpy()
    return classes, length


def python_pass(torch, model, processor, windows_of, receipts, batch_size, policy, warmup):
    pad_id = model.config.pad_token_id

    def collect():
        ws = []
        for k, r in enumerate(receipts):
            ws.extend((ids, box, k) for ids, box in windows_of.encode(r["words"], r["boxes"]))
        if policy == "dynamic":
            ws.sort(key=lambda w: len(w[0]))
        return ws

    ws = collect()
    pad_to = MAX_LENGTH if policy == "pad512" else 0
    warm_pages = pages_of(processor, receipts[:1]) * len(receipts)
    for i in range(min(warmup, (len(ws) + batch_size - 1) // batch_size)):
        run_batch(torch, model, ws[i * batch_size:(i + 1) * batch_size], warm_pages, pad_to, pad_id)
    cpu0 = time.process_time()
    start = time.perf_counter()
    ws = collect()
    encoded = time.perf_counter()
    pages = pages_of(processor, receipts)
    prepared = time.perf_counter()
    latencies, tokens, padded = [], 0, 0
    for i in range(0, len(ws), batch_size):
        batch = ws[i:i + batch_size]
        b0 = time.perf_counter()
        _, length = run_batch(torch, model, batch, pages, pad_to, pad_id)
        latencies.append((time.perf_counter() - b0) * 1000)
        tokens += sum(len(w[0]) for w in batch)
        padded += length * len(batch)
    return dict(cpu_seconds=time.process_time() - cpu0, receipts=len(receipts), windows=len(ws),
                batches=len(latencies), tokens=tokens, padded_tokens=padded, seconds=time.perf_counter() - start,
                tokenize_seconds=encoded - start, pages_seconds=prepared - encoded, batch_ms=latencies)


def percentile(values, q):
    s = sorted(values)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def line(name, r):
    rate = r["receipts"] / r["seconds"]
    lat = r["batch_ms"]
    p50 = "%8.0f" % percentile(lat, 0.5) if lat else "%8s" % "-"
    p95 = "%8.0f" % percentile(lat, 0.95) if lat else "%8s" % "-"
    # the Java predictor prepares each receipt's page inside its pass, not as a separate step
    pages = "%8.2f" % r["pages_seconds"] if "pages_seconds" in r else "%8s" % "-"
    print("%-15s %7.2f %s %s %9.1f %8.1f %8.2f %s %8d %9d %7d" % (
        name, rate, p50, p95, r["seconds"], r["cpu_seconds"], r["tokenize_seconds"], pages, r["tokens"],
        r["padded_tokens"], r["batches"]))
    return rate


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sroie", default=os.path.join(ROOT, "..", "shared", "sroie"))
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--receipts", type=int, default=250)
    p.add_argument("--warmup", type=int, default=2, help="warm-up batches per line, not timed")
    p.add_argument("--attn", default="eager", choices=["eager", "sdpa"],
                   help="transformers' attention kernel (eager computes as the Java port does)")
    p.add_argument("--model", help="reuse a model folder made by an earlier run (--keep)")
    p.add_argument("--keep", action="store_true", help="keep the temporary model folder")
    p.add_argument("--skip-pad512", action="store_true")
    p.add_argument("--java", default="java")
    args = p.parse_args()

    import torch
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(args.threads)
    from transformers import LayoutLMv3ForTokenClassification, LayoutLMv3ImageProcessor, LayoutLMv3TokenizerFast

    print("load average before: %s (1, 5, 15 min), %d cores" % (loadavg(), os.cpu_count()))
    work = tempfile.mkdtemp(prefix="layoutlens-bench-v3-")
    folder = args.model or os.path.join(work, "layoutlmv3-base-random")
    try:
        if not args.model:
            make_model(folder, seed=1)
        cp_file = os.path.join(ROOT, "target", "bench-cp.txt")
        subprocess.run(["mvn", "-B", "-q", "-o", "test-compile", "dependency:build-classpath",
                        "-Dmdep.outputFile=" + cp_file], cwd=ROOT, check=True)
        with open(cp_file) as f:
            cp = ":".join([os.path.join(ROOT, "target", "classes"), os.path.join(ROOT, "target", "test-classes"),
                           f.read().strip()])
        words_file = os.path.join(work, "words.json")
        java_file = os.path.join(work, "java.json")
        subprocess.run([args.java, "-Xmx3g", "-Dai.djl.offline=true",
                        "-Dai.djl.pytorch.num_threads=%d" % args.threads,
                        "-Dai.djl.pytorch.num_interop_threads=%d" % args.threads,
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        "-cp", cp, "com.layoutlens.model.layoutlmv3.LayoutLMv3ReceiptsBenchmark",
                        folder, args.sroie, words_file, java_file, str(args.batch), str(args.receipts),
                        str(args.warmup)], check=True)
        with open(java_file) as f:
            java = json.load(f)
        with open(words_file) as f:
            receipts = json.load(f)

        tokenizer = LayoutLMv3TokenizerFast.from_pretrained(folder)
        processor = LayoutLMv3ImageProcessor.from_pretrained(folder)
        model = LayoutLMv3ForTokenClassification.from_pretrained(folder, attn_implementation=args.attn).float().eval()
        # the Java predictor's windows: at most 512 tokens, and no more than the model has positions for
        global MAX_LENGTH, STRIDE
        MAX_LENGTH = min(512, model.config.max_position_embeddings - model.config.pad_token_id - 1)
        STRIDE = (MAX_LENGTH - 2) // 4
        windows_of = Windows(tokenizer)
        differ = [r["id"] for r in receipts
                  if [ids for ids, _ in windows_of.encode(r["words"], r["boxes"])] != r["windows"]]
        print("windows: %d receipts, %d windows; Python's token ids differ from Java's in %d receipts%s"
              % (len(receipts), sum(len(r["windows"]) for r in receipts), len(differ),
                 (": " + ", ".join(differ[:10])) if differ else ""))
        dyn = python_pass(torch, model, processor, windows_of, receipts, args.batch, "dynamic", args.warmup)
        print("Python dynamic done in %.1f s" % dyn["seconds"])
        pad = None
        if not args.skip_pad512:
            pad = python_pass(torch, model, processor, windows_of, receipts, args.batch, "pad512", args.warmup)
            print("Python pad512 done in %.1f s" % pad["seconds"])
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("kept", work)

    print()
    print("base-size LayoutLMv3, random weights, float32, CPU, %d threads, batch %d, %d receipts, attention %s"
          % (args.threads, args.batch, len(receipts), args.attn))
    print("%-15s %7s %8s %8s %9s %8s %8s %8s %8s %9s %7s" % ("", "rec/s", "p50 ms", "p95 ms", "total s", "cpu s",
                                                              "tok s", "page s", "tokens", "padded", "batches"))
    rj = line("Java predictor", java)
    rd = line("Python dynamic", dyn)
    rp = line("Python pad512", pad) if pad else None
    print()
    print("Java / Python dynamic: %.2fx" % (rj / rd))
    if java.get("failed"):
        print("  %d receipts failed on the Java side (see above): the figures are not comparable" % java["failed"])
    if len(java["batch_ms"]) == len(dyn["batch_ms"]):
        per_batch = [p / j for j, p in zip(java["batch_ms"], dyn["batch_ms"])]
        print("  same batches, Python time / Java time: median %.2f, min %.2f, max %.2f"
              % (statistics.median(per_batch), min(per_batch), max(per_batch)))
    if rp:
        print("Java / Python pad512:  %.2fx" % (rj / rp))
    print("load average after: %s" % loadavg())


if __name__ == "__main__":
    main()
