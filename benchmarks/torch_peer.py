#!/usr/bin/env python3
"""PyTorch peer of `saturn bench`: the same models, shapes and optimiser, one thread.

Transformer: 2 pre-LN layers, 4 heads, ff 4d, GELU, sinusoidal positions, embedding x sqrt(d).
LSTM: embedding = hidden, 2 layers.
Mamba: 2 pre-RMSNorm blocks of the reference mixer (mamba_simple.Mamba: in_proj, causal depthwise
conv1d d_conv 4, SiLU, x_proj, dt_proj + softplus, selective scan, D skip, SiLU(z) gate, out_proj),
d_state 16, expand 2, dt_rank ceil(d / 16), final RMSNorm, linear read-out; the scan is a Python loop
over positions (pure PyTorch: no compiled selective-scan extension). Batch 32 x 41 positions of a^n b^n words (V = 5), AdamW
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


class RMSNorm(nn.Module):
    def __init__(self, d, eps=1e-5):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(d))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


class MambaMixer(nn.Module):
    def __init__(self, d, d_state=16, d_conv=4, expand=2):
        super().__init__()
        self.inner, self.d_state, self.rank = expand * d, d_state, math.ceil(d / 16)
        self.in_proj = nn.Linear(d, 2 * self.inner, bias=False)
        self.conv1d = nn.Conv1d(self.inner, self.inner, d_conv, groups=self.inner, padding=d_conv - 1)
        self.x_proj = nn.Linear(self.inner, self.rank + 2 * d_state, bias=False)
        self.dt_proj = nn.Linear(self.rank, self.inner)
        a = torch.arange(1, d_state + 1, dtype=torch.float32).repeat(self.inner, 1)
        self.A_log = nn.Parameter(torch.log(a))
        self.D = nn.Parameter(torch.ones(self.inner))
        self.out_proj = nn.Linear(self.inner, d, bias=False)

    def forward(self, u):
        length = u.shape[1]
        x, z = self.in_proj(u).chunk(2, dim=-1)
        x = nn.functional.silu(self.conv1d(x.transpose(1, 2))[..., :length].transpose(1, 2))
        dt, b, c = self.x_proj(x).split([self.rank, self.d_state, self.d_state], dim=-1)
        delta = nn.functional.softplus(self.dt_proj(dt))
        a = -torch.exp(self.A_log)
        h = torch.zeros(u.shape[0], self.inner, self.d_state)
        ys = []
        for t in range(length):
            h = torch.exp(delta[:, t, :, None] * a) * h + delta[:, t, :, None] * b[:, t, None, :] * x[:, t, :, None]
            ys.append((h * c[:, t, None, :]).sum(-1))
        y = torch.stack(ys, dim=1) + x * self.D
        return self.out_proj(y * nn.functional.silu(z))


class Mamba(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, d)
        self.norms = nn.ModuleList([RMSNorm(d) for _ in range(2)])
        self.mixers = nn.ModuleList([MambaMixer(d) for _ in range(2)])
        self.norm = RMSNorm(d)
        self.out = nn.Linear(d, VOCAB)

    def forward(self, x):
        h = self.embedding(x)
        for norm, mixer in zip(self.norms, self.mixers):
            h = h + mixer(norm(h))
        return self.out(self.norm(h))


MODELS = {"transformer": Transformer, "lstm": Lstm, "mamba": Mamba}


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
    models = [MODELS[model_name](width) for _ in range(seeds)]
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
    parser.add_argument("--model", choices=list(MODELS))
    parser.add_argument("--width", type=int)
    parser.add_argument("--seeds", type=int, help="only this number of seeds (default: 1 and 8)")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    results = []
    for seeds in ([args.seeds] if args.seeds else [1, 8]):
        for model in ([args.model] if args.model else list(MODELS)):
            for width in ([args.width] if args.width else [64, 128]):
                tps, cpu_tps = run(model, width, seeds, args.warmup, args.steps)
                results.append({"model": model, "width": width, "seeds": seeds, "tokensPerSecond": round(tps),
                                "tokensPerCpuSecond": round(cpu_tps)})
    print(json.dumps({"results": results}))


if __name__ == "__main__":
    main()
