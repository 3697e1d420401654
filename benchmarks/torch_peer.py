#!/usr/bin/env python3
"""PyTorch peer of `saturn bench`: the same models, shapes and optimiser, one thread.

Transformer: 2 pre-LN layers, 4 heads, ff 4d, GELU, sinusoidal positions, embedding x sqrt(d).
LSTM: embedding = hidden, 2 layers.
Mamba: 2 pre-RMSNorm blocks of the reference mixer (mamba_simple.Mamba: in_proj, causal depthwise
conv1d d_conv 4, SiLU, x_proj, dt_proj + softplus, selective scan, D skip, SiLU(z) gate, out_proj),
d_state 16, expand 2, dt_rank ceil(d / 16), final RMSNorm, linear read-out; the scan is a Python loop
over positions (pure PyTorch: no compiled selective-scan extension).
xLSTM: an mLSTM block then an sLSTM block, 4 heads, as Saturn's simplified xLSTM (model/XlstmNetwork):
pre-RMSNorm residual blocks; mLSTM: up-projections x, z to 2d, q/k/v, per-head scalar exponential
input and logsigmoid forget gates with the stabiliser m, matrix memory C and normaliser n,
h = C q / max(|n.q|, exp(-m)), down(h SiLU(z)); sLSTM: per-unit gates z, i, f, o from the input and a
block-diagonal (per head) recurrence, c / n with the stabiliser, then down(GELU(up1 h) up2 h) of
ceil(4d/3) units; both cells are Python loops over positions (no compiled kernels). Batch 32 x 41 positions of a^n b^n words (V = 5), AdamW
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
    def __init__(self, d, layers=2, heads=4, ff=None, positions=POSITIONS):
        super().__init__()
        self.d = d
        self.embedding = nn.Embedding(VOCAB, d)
        pe = torch.zeros(positions, d)
        pos = torch.arange(positions).unsqueeze(1).float()
        div = torch.pow(10000.0, torch.arange(0, d, 2).float() / d)
        pe[:, 0::2] = torch.sin(pos / div)
        pe[:, 1::2] = torch.cos(pos / div)
        self.register_buffer("pe", pe)
        layer = nn.TransformerEncoderLayer(d, heads, ff or 4 * d, dropout=0.0, activation="gelu", batch_first=True,
                                           norm_first=True)
        self.blocks = nn.TransformerEncoder(layer, layers)
        self.norm = nn.LayerNorm(d)
        self.out = nn.Linear(d, VOCAB)
        self.register_buffer("mask", torch.triu(torch.full((positions, positions), float("-inf")), 1))

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


class MlstmBlock(nn.Module):
    def __init__(self, d, heads=4):
        super().__init__()
        self.inner, self.heads = 2 * d, heads
        self.dh = self.inner // heads
        self.norm = RMSNorm(d)
        self.up = nn.Linear(d, 2 * self.inner, bias=False)
        self.qkv = nn.Linear(self.inner, 3 * self.inner, bias=False)
        self.gates = nn.Linear(self.inner, 2 * heads)
        self.down = nn.Linear(self.inner, d, bias=False)

    def forward(self, u):
        batch, length = u.shape[0], u.shape[1]
        x, z = self.up(self.norm(u)).chunk(2, dim=-1)
        q, k, v = self.qkv(x).view(batch, length, 3, self.heads, self.dh).unbind(2)
        k = k / math.sqrt(self.dh)
        i_raw, f_raw = self.gates(x).chunk(2, dim=-1)
        log_f = nn.functional.logsigmoid(f_raw)
        c = torch.zeros(batch, self.heads, self.dh, self.dh)
        n = torch.zeros(batch, self.heads, self.dh)
        m = torch.zeros(batch, self.heads)
        hs = []
        for t in range(length):
            m_next = torch.maximum(log_f[:, t] + m, i_raw[:, t])
            i = torch.exp(i_raw[:, t] - m_next)
            f = torch.exp(log_f[:, t] + m - m_next)
            m = m_next
            c = f[..., None, None] * c + i[..., None, None] * v[:, t, :, :, None] * k[:, t, :, None, :]
            n = f[..., None] * n + i[..., None] * k[:, t]
            den = torch.maximum((n * q[:, t]).sum(-1).abs(), torch.exp(-m))
            hs.append(((c @ q[:, t, :, :, None])[..., 0] / den[..., None]).reshape(batch, self.inner))
        h = torch.stack(hs, dim=1)
        return u + self.down(h * nn.functional.silu(z))


class SlstmBlock(nn.Module):
    def __init__(self, d, heads=4):
        super().__init__()
        self.d, self.heads, self.dh = d, heads, d // heads
        self.norm = RMSNorm(d)
        self.w = nn.Linear(d, 4 * d)
        self.r = nn.Parameter(torch.empty(4, heads, self.dh, self.dh).uniform_(-1, 1) / math.sqrt(self.dh))
        ff = (4 * d + 2) // 3
        self.up = nn.Linear(d, 2 * ff, bias=False)
        self.down = nn.Linear(ff, d, bias=False)

    def forward(self, u):
        batch, length = u.shape[0], u.shape[1]
        pre = self.w(self.norm(u)).view(batch, length, 4, self.heads, self.dh)
        c = torch.zeros(batch, self.heads, self.dh)
        n = torch.zeros(batch, self.heads, self.dh)
        h = torch.zeros(batch, self.heads, self.dh)
        m = torch.zeros(batch, self.heads, self.dh)
        hs = []
        for t in range(length):
            # block-diagonal recurrence: per gate and head h_head @ R[gate, head]
            rec = torch.einsum("bhi,ghij->bghj", h, self.r)
            z_raw, i_raw, f_raw, o_raw = (pre[:, t] + rec).unbind(1)
            log_f = nn.functional.logsigmoid(f_raw)
            m_next = torch.maximum(log_f + m, i_raw)
            i = torch.exp(i_raw - m_next)
            f = torch.exp(log_f + m - m_next)
            m = m_next
            c = f * c + i * torch.tanh(z_raw)
            n = f * n + i
            h = torch.sigmoid(o_raw) * c / n
            hs.append(h.reshape(batch, self.d))
        h = torch.stack(hs, dim=1)
        a, b = self.up(h).chunk(2, dim=-1)
        return u + self.down(nn.functional.gelu(a) * b)


class Xlstm(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, d)
        self.blocks = nn.ModuleList([MlstmBlock(d), SlstmBlock(d)])
        self.norm = RMSNorm(d)
        self.out = nn.Linear(d, VOCAB)

    def forward(self, x):
        h = self.embedding(x)
        for block in self.blocks:
            h = block(h)
        return self.out(self.norm(h))


MODELS = {"transformer": Transformer, "lstm": Lstm, "mamba": Mamba, "xlstm": Xlstm}


def anbn_batch(rng, length=LENGTH):
    batch = torch.zeros(BATCH, length, dtype=torch.long)
    for row in batch:
        n = rng.randint(1, max(1, (length - 2) // 2))
        row[0] = 1
        row[1:1 + n] = 3
        row[1 + n:1 + 2 * n] = 4
        row[1 + 2 * n] = 2
    return batch


def run(model_name, width, seeds, warmup, steps, shape=None, positions=POSITIONS):
    torch.manual_seed(1000)
    models = [MODELS[model_name](width, **(shape or {})) for _ in range(seeds)]
    optimisers = [torch.optim.AdamW(m.parameters(), lr=1e-3, weight_decay=0.01) for m in models]
    rng = random.Random(7)
    batches = [[anbn_batch(rng, positions + 1) for _ in range(seeds)] for _ in range(4)]
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
    tokens = steps * seeds * BATCH * positions
    return tokens / seconds, tokens / cpu_seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--model", choices=list(MODELS))
    parser.add_argument("--width", type=int)
    parser.add_argument("--seeds", type=int, help="only this number of seeds (default: 1 and 8)")
    parser.add_argument("--threads", type=int, default=1)
    # the Transformer's shape, as saturn bench's options (e.g. the reduced case study 1:
    # --model transformer --width 32 --ff 64 --positions 17 --seeds 3)
    parser.add_argument("--layers", type=int, help="Transformer layers (default 2)")
    parser.add_argument("--heads", type=int, help="Transformer heads (default 4)")
    parser.add_argument("--ff", type=int, help="Transformer feed-forward width (default 4 x width)")
    parser.add_argument("--positions", type=int, default=POSITIONS, help="input positions (default 41)")
    args = parser.parse_args()
    shape = {k: v for k, v in (("layers", args.layers), ("heads", args.heads), ("ff", args.ff)) if v is not None}
    if args.positions != POSITIONS:
        shape["positions"] = args.positions
    if shape and args.model != "transformer":
        parser.error("--layers, --heads, --ff and --positions go with --model transformer")
    torch.set_num_threads(args.threads)
    results = []
    for seeds in ([args.seeds] if args.seeds else [1, 8]):
        for model in ([args.model] if args.model else list(MODELS)):
            for width in ([args.width] if args.width else [64, 128]):
                tps, cpu_tps = run(model, width, seeds, args.warmup, args.steps, shape, args.positions)
                results.append({"model": model, "width": width, "seeds": seeds, "tokensPerSecond": round(tps),
                                "tokensPerCpuSecond": round(cpu_tps)})
    print(json.dumps({"results": results}))


if __name__ == "__main__":
    main()
