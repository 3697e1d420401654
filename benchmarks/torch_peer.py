#!/usr/bin/env python3
"""PyTorch peer of `saturn bench`: the same models, shapes and optimiser, one thread.

Transformer: 2 pre-LN layers, 4 heads, ff 4d, GELU, sinusoidal positions, embedding x sqrt(d).
LSTM: embedding = hidden, 2 layers. Batch 32 x 41 positions of a^n b^n words (V = 5), AdamW
lr 1e-3 wd 0.01, PAD-included mean cross-entropy. "seeds" > 1 trains that many independent
models one after another inside each step (PyTorch has no seed axis), so tokens/s counts all of
them, like Saturn's batched seeds. Prints {"results":[{"model","width","seeds","tokensPerSecond",
"tokensPerCpuSecond"}]} (the second over the training thread's CPU time: robust to other jobs).

Needs Debian's python3-torch + libopenblas0-pthread: apt-get install -y python3-torch libopenblas0-pthread
"""
import argparse
import json
import math
import random
import time

import torch
import torch.nn as nn

BATCH, LENGTH, VOCAB = 32, 42, 5
POSITIONS = LENGTH - 1


class Transformer(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.d = d
        self.embedding = nn.Embedding(VOCAB, d)
        pe = torch.zeros(POSITIONS, d)
        pos = torch.arange(POSITIONS).unsqueeze(1).float()
        div = torch.pow(10000.0, torch.arange(0, d, 2).float() / d)
        pe[:, 0::2] = torch.sin(pos / div)
        pe[:, 1::2] = torch.cos(pos / div)
        self.register_buffer("pe", pe)
        layer = nn.TransformerEncoderLayer(d, 4, 4 * d, dropout=0.0, activation="gelu", batch_first=True,
                                           norm_first=True)
        self.blocks = nn.TransformerEncoder(layer, 2)
        self.norm = nn.LayerNorm(d)
        self.out = nn.Linear(d, VOCAB)
        self.register_buffer("mask", torch.triu(torch.full((POSITIONS, POSITIONS), float("-inf")), 1))

    def forward(self, x):
        h = self.embedding(x) * math.sqrt(self.d) + self.pe
        return self.out(self.norm(self.blocks(h, mask=self.mask)))


class Lstm(nn.Module):
    def __init__(self, h):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, h)
        self.lstm = nn.LSTM(h, h, 2, batch_first=True)
        self.out = nn.Linear(h, VOCAB)

    def forward(self, x):
        return self.out(self.lstm(self.embedding(x))[0])


def anbn_batch(rng):
    batch = torch.zeros(BATCH, LENGTH, dtype=torch.long)
    for row in batch:
        n = rng.randint(1, (LENGTH - 2) // 2)
        row[0] = 1
        row[1:1 + n] = 3
        row[1 + n:1 + 2 * n] = 4
        row[1 + 2 * n] = 2
    return batch


def run(model_name, width, seeds, warmup, steps):
    torch.manual_seed(1000)
    models = [Transformer(width) if model_name == "transformer" else Lstm(width) for _ in range(seeds)]
    optimisers = [torch.optim.AdamW(m.parameters(), lr=1e-3, weight_decay=0.01) for m in models]
    rng = random.Random(7)
    batches = [[anbn_batch(rng) for _ in range(seeds)] for _ in range(4)]
    loss_fn = nn.CrossEntropyLoss()

    def step(i):
        for s, (m, opt) in enumerate(zip(models, optimisers)):
            b = batches[i % len(batches)][s]
            opt.zero_grad(set_to_none=True)
            logits = m(b[:, :-1])
            loss = loss_fn(logits.reshape(-1, VOCAB), b[:, 1:].reshape(-1))
            loss.backward()
            opt.step()

    for i in range(warmup):
        step(i)
    start, cpu_start = time.perf_counter(), time.thread_time()
    for i in range(steps):
        step(i)
    seconds, cpu_seconds = time.perf_counter() - start, time.thread_time() - cpu_start
    tokens = steps * seeds * BATCH * POSITIONS
    return tokens / seconds, tokens / cpu_seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--model", choices=["transformer", "lstm"])
    parser.add_argument("--width", type=int)
    parser.add_argument("--seeds", type=int, help="only this number of seeds (default: 1 and 8)")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    results = []
    for seeds in ([args.seeds] if args.seeds else [1, 8]):
        for model in ([args.model] if args.model else ["transformer", "lstm"]):
            for width in ([args.width] if args.width else [64, 128]):
                tps, cpu_tps = run(model, width, seeds, args.warmup, args.steps)
                results.append({"model": model, "width": width, "seeds": seeds, "tokensPerSecond": round(tps),
                                "tokensPerCpuSecond": round(cpu_tps)})
    print(json.dumps({"results": results}))


if __name__ == "__main__":
    main()
