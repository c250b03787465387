"""Exact region enumeration vs a float dense-sampling counter, on random ReLU networks.

Prints, in one run and for each network: the exact enumeration time (rational arithmetic, every region
with an interior point, pattern and affine map), the time of a numpy float64 counter that evaluates the
activation pattern on a dense grid of sample points (the usual empirical method), how many regions the
sampling finds, how many it **misses**, and whether it reports patterns the exact enumeration does not
have (float trouble at boundaries).  Optionally (``--certify``) also the version-2 certificate: prover time
(enumeration + writing the evidence) and kernel check time side by side, for 1-D and 2-D (method
``region-tiling``) and 3-D (method ``region-cover``: Farkas certificates of the dropped patterns).

Usage::

    python benchmarks/bench_regions.py            # the two goal cases + two smaller nets
    python benchmarks/bench_regions.py --quick    # smaller sample grids
    python benchmarks/bench_regions.py --certify  # also write the v2 certificates: prover vs kernel-check time
    python benchmarks/bench_regions.py --only-certify     # certificates only (no float sampling)
    python benchmarks/bench_regions.py --only-certify --large  # adds widths (32, 32, 32) in 2-D (~4,900 regions)
    python benchmarks/bench_regions.py --weights normal   # N(0, 1) float weights imported exactly

Goals: a random 2-input ReLU net with three hidden layers of width 16 enumerated exactly in
under 30 s; a 1-input net with 8 hidden layers of width 32 in under 10 s.  Random weights are integers in
[-10, 10] (seeded), or with ``--weights normal`` N(0, 1) floats converted exactly; domain [-10, 10]^n0.  Timings are wall-clock on this machine; report only numbers you
measured.
"""

from __future__ import annotations

import argparse
import random
import time

import numpy as np

from exactnet.networks.pwl import relu_network
from exactnet.regions import Box, enumerate_regions
from exactnet.regions.certify import certificate_v2


def random_relu(n0: int, widths: tuple[int, ...], seed: int, low: int = -10, high: int = 10):
    """A seeded random ReLU network with integer weights in [low, high] (and its float64 weights)."""
    rng = random.Random(seed)
    ws, bs, d = [], [], n0
    for n in widths:
        ws.append([[rng.randint(low, high) for _ in range(d)] for _ in range(n)])
        bs.append([rng.randint(low, high) for _ in range(n)])
        d = n
    net = relu_network(ws, bs, output_weights=[[rng.randint(low, high) for _ in range(d)]])
    return net, [(np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)) for W, b in zip(ws, bs)]


def random_normal(n0: int, widths: tuple[int, ...], seed: int):
    """A seeded random ReLU network with N(0, 1) float64 weights, imported exactly with ``from_numpy``."""
    from exactnet.networks.pwl import from_numpy

    rng = np.random.default_rng(seed)
    ws, bs, d = [], [], n0
    for n in widths + (1,):
        ws.append(rng.standard_normal((n, d)))
        bs.append(rng.standard_normal(n))
        d = n
    return from_numpy(ws, bs), list(zip(ws[:-1], bs[:-1]))


def sampled_patterns(float_layers, points: np.ndarray, chunk: int = 200_000) -> set:
    """Activation patterns (bits of every hidden unit, 1 iff pre-activation > 0) at the sample points, float64."""
    found: set = set()
    for start in range(0, len(points), chunk):
        h = points[start:start + chunk]
        bits = []
        for W, b in float_layers:
            z = h @ W.T + b
            on = z > 0
            bits.append(on)
            h = np.where(on, z, 0.0)
        packed = np.packbits(np.concatenate(bits, axis=1), axis=1)
        found.update(map(bytes, packed))
    return found


def exact_patterns(E) -> set:
    out = set()
    for r in E.regions:
        flat = np.array([bit for layer in r.pattern for bit in layer], dtype=bool)[None, :]
        out.add(bytes(np.packbits(flat, axis=1)[0]))
    return out


def grid(n0: int, lo: float, hi: float, per_axis: int) -> np.ndarray:
    axes = [lo + (hi - lo) * (np.arange(per_axis) + 0.5) / per_axis for _ in range(n0)]
    mesh = np.meshgrid(*axes, indexing="ij")
    return np.stack([m.ravel() for m in mesh], axis=1)


def run(n0: int, widths: tuple[int, ...], seed: int, grids: tuple[int, ...], certify: bool, goal: float | None,
        weights: str = "int") -> None:
    net, float_layers = random_relu(n0, widths, seed) if weights == "int" else random_normal(n0, widths, seed)
    lo, hi = -10, 10
    t0 = time.perf_counter()
    E = enumerate_regions(net, Box([lo] * n0, [hi] * n0))
    t_exact = time.perf_counter() - t0
    exact = exact_patterns(E)
    goal_text = "" if goal is None else f"  (goal < {goal:g} s: {'met' if t_exact < goal else 'MISSED'})"
    print(f"\nn0 = {n0}, widths {widths}, seed {seed}, {weights} weights, domain [{lo}, {hi}]^{n0}")
    print(f"  exact ({E.method}): {E.activation_regions} activation regions, {E.linear_regions} linear regions, "
          f"{E.status}, {t_exact:.2f} s{goal_text}")
    if certify:
        t0 = time.perf_counter()
        cert = certificate_v2(E)
        t_cert = time.perf_counter() - t0
        t0 = time.perf_counter()
        report = cert.check()
        t_check = time.perf_counter() - t0
        print(f"  certificate v2 ({cert.quantity} {cert.relation} {cert.value}, {cert.evidence['method']}): prover {t_exact + t_cert:.2f} s "
              f"(enumeration + {t_cert:.2f} s to write), kernel check {t_check:.2f} s, "
              f"checker / prover = {t_check / (t_exact + t_cert):.2f}")
    for per_axis in grids:
        pts = grid(n0, lo, hi, per_axis)
        t0 = time.perf_counter()
        found = sampled_patterns(float_layers, pts)
        t_s = time.perf_counter() - t0
        missed = len(exact - found)
        spurious = len(found - exact)
        print(f"  float sampling, {len(pts):>9d} points: {t_s:6.2f} s (exact/sampling time = {t_exact / t_s:6.2f}), "
              f"found {len(found & exact)}/{len(exact)}, missed {missed} ({100 * missed / len(exact):.1f}%), "
              f"spurious {spurious}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller sample grids")
    ap.add_argument("--certify", action="store_true",
                    help="also write the version-2 certificates and check them with the kernel (prover vs checker time)")
    ap.add_argument("--only-certify", action="store_true", help="skip the float sampling comparison")
    ap.add_argument("--large", action="store_true", help="also a 2-input net with three hidden layers of width 32")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--weights", choices=("int", "normal"), default="int",
                    help="int: integers in [-10, 10]; normal: N(0, 1) floats imported exactly (from_numpy)")
    args = ap.parse_args()
    g1 = (10_000, 100_000) if args.quick else (10_000, 100_000, 1_000_000)
    g2 = (100, 300) if args.quick else (100, 300, 1000)
    g3 = (20, 50) if args.quick else (20, 50, 100)
    w = args.weights
    if args.only_certify:
        g1 = g2 = g3 = ()
        args.certify = True
    run(1, (8, 8, 8), args.seed, g1, args.certify, None, w)
    run(1, (32,) * 8, args.seed, g1, args.certify, 10.0, w)
    run(2, (8, 8), args.seed, g2, args.certify, None, w)
    run(2, (16, 16, 16), args.seed, g2, args.certify, 30.0, w)
    run(3, (6, 6), args.seed, g3, args.certify, None, w)
    run(3, (8, 8), args.seed, g3, args.certify, None, w)
    if args.large:
        run(2, (32, 32, 32), args.seed, g2, args.certify, None, w)


if __name__ == "__main__":
    main()
