#!/usr/bin/env python3
"""PyTorch peer of `saturn bench --study examples/case-study-1-reduced.saturn`: the whole reduced
case study 1 as a plain PyTorch script would run it, for a fair whole-study comparison.

The same study as the spec: a^n b^n with n ~ U{1..8} (max length 16; SOS + word + EOS, PAD to 18
tokens, 17 targets, PAD targets counted in the loss); a 2-layer pre-LN Transformer, d 32, 4 heads,
ff 64, GELU (x*sigmoid(1.702x)), no dropout, sinusoidal positions, embedding x sqrt(d); AdamW lr 3e-3
wd 0.01, inverse-sqrt schedule with 200 warm-up steps; batch 32 fresh words per step; regimes
max-likelihood, adversarial and oracle (weight 1, 32 completed OOD prompts per step, shortest
completion that violates / satisfies #a = #b, loss from the first completion target to the end of
the padded sequence); every 250 steps the loss on 512 fixed test words and greedy decoding of all 256
prompts (every word of length 8 over a b) and of SOS, re-forwarding the batch per token as plain
PyTorch does; stop after 3000 steps or once the test loss is within 5% of the exact optimum for 3
evaluations; 3 seeds x 3 regimes = 9 runs in 2 processes, one thread each.

Prints JSON: wall and user+system CPU seconds (this process and its children), per phase seconds
summed over runs (training, evaluation, decoding), and each run's steps, test loss and gap.

Needs Debian's python3-torch: apt-get install -y python3-torch libopenblas0-pthread.
Run with OPENBLAS_NUM_THREADS=1 (benchmarks/compare.sh sets it): Debian's OpenBLAS spins a second
thread otherwise.
"""
import argparse
import itertools
import json
import math
import multiprocessing
import os
import random
import resource
import time

import torch
import torch.nn as nn

MAX_LENGTH = 16
N_MAX = MAX_LENGTH // 2
A, B, SOS, EOS, PAD = 0, 1, 2, 3, 4
VOCAB = 5
LENGTH = MAX_LENGTH + 2          # SOS + word + EOS, padded
POSITIONS = LENGTH - 1           # inputs / targets
D, HEADS, FF, LAYERS = 32, 4, 64, 2
BATCH, STEPS, EVALUATE_EVERY, WARMUP, LR, WD = 32, 3000, 250, 200, 3e-3, 0.01
TEST_WORDS, SATURATION_PERCENT, SATURATION_EVALUATIONS = 512, 5.0, 3


def optimal_loss():
    """Exact per-target cross-entropy of the data distribution (PAD targets counted)."""
    entropy = 0.0
    for k in range(1, N_MAX + 1):   # after SOS a^k: a (n > k) or b (n = k)
        reach = (N_MAX + 1 - k) / N_MAX
        p = (N_MAX - k) / (N_MAX + 1 - k)
        if 0 < p < 1:
            entropy += reach * -(p * math.log(p) + (1 - p) * math.log(1 - p))
    return entropy / POSITIONS


def encode(word):
    return [SOS] + word + [EOS] + [PAD] * (MAX_LENGTH - len(word))


def sample_words(rng, count):
    words = []
    for _ in range(count):
        n = rng.randint(1, N_MAX)
        words.append(encode([A] * n + [B] * n))
    return torch.tensor(words)


def is_anbn_prefix(word):
    a = 0
    while a < len(word) and word[a] == A:
        a += 1
    rest = word[a:]
    return a >= 1 and all(t == B for t in rest) and len(rest) <= a and a <= N_MAX


def prompts():
    every = [list(w) for w in itertools.product([A, B], repeat=8)]
    return [w for w in every if is_anbn_prefix(w)], [w for w in every if not is_anbn_prefix(w)]


def completion(word, regime):
    a, b = word.count(A), word.count(B)
    if regime == "oracle":
        return [B] * (a - b) if a > b else [A] * (b - a)
    return [] if a != b else [A]


def gelu(x):
    return x * torch.sigmoid(1.702 * x)


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.attention = nn.MultiheadAttention(D, HEADS, batch_first=True)
        self.up, self.down = nn.Linear(D, FF), nn.Linear(FF, D)

    def forward(self, h, mask):
        x = self.norm1(h)
        h = h + self.attention(x, x, x, attn_mask=mask[:h.shape[1], :h.shape[1]], need_weights=False)[0]
        return h + self.down(gelu(self.up(self.norm2(h))))


class Transformer(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, D)
        pe = torch.zeros(POSITIONS, D)
        position = torch.arange(POSITIONS).unsqueeze(1).float()
        div = torch.pow(10000.0, torch.arange(0, D, 2).float() / D)
        pe[:, 0::2], pe[:, 1::2] = torch.sin(position / div), torch.cos(position / div)
        self.register_buffer("pe", pe)
        self.register_buffer("mask", torch.triu(torch.full((POSITIONS, POSITIONS), float("-inf")), 1))
        self.blocks = nn.ModuleList(Block() for _ in range(LAYERS))
        self.norm, self.out = nn.LayerNorm(D), nn.Linear(D, VOCAB)

    def forward(self, x):
        h = self.embedding(x) * math.sqrt(D) + self.pe[:x.shape[1]]
        for block in self.blocks:
            h = block(h, self.mask)
        return self.out(self.norm(h))


def sequence_loss(model, sequences):
    logits = model(sequences[:, :-1])
    return nn.functional.cross_entropy(logits.reshape(-1, VOCAB), sequences[:, 1:].reshape(-1))


def regime_loss(model, sequences, starts):
    logits = model(sequences[:, :-1])
    losses = nn.functional.cross_entropy(logits.reshape(-1, VOCAB), sequences[:, 1:].reshape(-1),
                                         reduction="none").view(sequences.shape[0], -1)
    targets = torch.arange(POSITIONS).unsqueeze(0) >= (starts.unsqueeze(1) - 1)
    return (losses * targets).sum() / targets.sum()


@torch.no_grad()
def greedy(model, prefixes):
    """Greedy completion of every prefix (each starts with SOS), one re-forward per token."""
    sequences = torch.tensor(prefixes)
    finished = torch.zeros(len(prefixes), dtype=torch.bool)
    while sequences.shape[1] < LENGTH and not bool(finished.all()):
        following = model(sequences)[:, -1].argmax(-1)
        following[finished] = PAD
        finished |= following == EOS
        sequences = torch.cat([sequences, following.unsqueeze(1)], 1)
    return sequences.tolist(), finished.tolist()


def train(job):
    regime, seed = job
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    model = Transformer()
    optimizer = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=WD)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda k: min((k + 1) / WARMUP, math.sqrt(WARMUP / (k + 1))))
    test = sample_words(random.Random(12345), TEST_WORDS)
    in_distribution, out_of_distribution = prompts()
    completed = [encode(w + completion(w, regime)) for w in out_of_distribution] if regime != "maxLikelihood" else []
    starts = [len(w) + 1 for w in out_of_distribution]
    decoded_prompts = [[SOS] + w for w in in_distribution + out_of_distribution]
    optimum = optimal_loss()
    seconds = {"training": 0.0, "evaluation": 0.0, "decoding": 0.0}
    saturated_for, step, test_loss = 0, 0, float("nan")
    r1 = {}
    while step < STEPS:
        begun = time.perf_counter()
        model.train()
        loss = sequence_loss(model, sample_words(rng, BATCH))
        if completed:
            picks = [rng.randrange(len(completed)) for _ in range(BATCH)]
            loss = loss + regime_loss(model, torch.tensor([completed[i] for i in picks]),
                                      torch.tensor([starts[i] for i in picks]))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        schedule.step()
        step += 1
        seconds["training"] += time.perf_counter() - begun
        if step % EVALUATE_EVERY != 0 and step != STEPS:
            continue
        model.eval()
        begun = time.perf_counter()
        with torch.no_grad():
            test_loss = sequence_loss(model, test).item()
        seconds["evaluation"] += time.perf_counter() - begun
        begun = time.perf_counter()
        sequences, finished = greedy(model, decoded_prompts)
        greedy(model, [[SOS]])
        words = [[t for t in s[1:] if t in (A, B)] for s in sequences]
        ood = [w for w, f in zip(words[len(in_distribution):], finished[len(in_distribution):]) if f]
        r1 = {"ood": sum(w.count(A) == w.count(B) for w in ood) / max(1, len(ood)),
              "oodFinished": len(ood) / len(out_of_distribution)}
        seconds["decoding"] += time.perf_counter() - begun
        gap = 100 * (test_loss - optimum) / optimum
        saturated_for = saturated_for + 1 if gap < SATURATION_PERCENT else 0
        if saturated_for >= SATURATION_EVALUATIONS:
            break
    return {"regime": regime, "seed": seed, "steps": step, "testLoss": test_loss,
            "gapPercent": 100 * (test_loss - optimum) / optimum, "oodR1": r1.get("ood"), "seconds": seconds}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--seeds", type=int, default=3)
    arguments = parser.parse_args()
    torch.set_num_threads(1)
    jobs = [(regime, seed) for regime in ("maxLikelihood", "adversarial", "oracle")
            for seed in range(1, arguments.seeds + 1)]
    begun = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(arguments.processes) as pool:
        runs = pool.map(train, jobs, chunksize=1)
    wall = time.perf_counter() - begun
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    phases = {phase: round(sum(run["seconds"][phase] for run in runs), 2) for phase in runs[0]["seconds"]}
    print(json.dumps({"peer": "torch_study_peer", "torch": torch.__version__,
                      "openblasThreads": os.environ.get("OPENBLAS_NUM_THREADS"), "runs": len(runs),
                      "processes": arguments.processes, "wallSeconds": round(wall, 2), "cpuSeconds": round(cpu, 2),
                      "optimalLoss": optimal_loss(), "workerSeconds": phases, "results": runs}, indent=1))


if __name__ == "__main__":
    main()
