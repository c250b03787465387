"""Certified neurovariety dimensions vs the published method (a modular Jacobian rank at one point).

For each architecture, in one run: the time to certify the dimension (the Jacobian lower bound at an integer
point with its non-singular minor, the upper-bound derivation, the certificate) and, separately, the
kernel's re-verification; and the time of the baseline, the rank modulo a prime of the
Jacobian at one random point mod p (gradients at random inputs, no certificate, a lower bound only for that
point's reduction).  Prints the ratios certified / baseline and (certified + check) / baseline.

Usage::

    python benchmarks/bench_neurovariety.py            # the two goal cases and two more
    python benchmarks/bench_neurovariety.py --repeat 3 # best of 3 runs per timing

Goals: (2,3,4,5,4,6,4,1) with r = 2 certified in under 10 s; (2,3,7,6,15,8,1) with r = 3 in under 60 s,
on a 2-core machine.  Timings are wall-clock on this machine; report only numbers you measured.
"""

from __future__ import annotations

import argparse
import time

from exactnet.theorems.neurovariety import modular_jacobian_rank, neurovariety_dimension

CASES = [((2, 3, 4, 5, 4, 6, 4, 1), 2, 10.0), ((2, 3, 7, 6, 15, 8, 1), 3, 60.0),
         ((2, 3, 3, 4, 4, 2, 1), 2, None), ((2, 3, 4, 4, 10, 17, 11, 12, 4, 2), 2, None)]


def _best(fn, repeat: int):
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    print(f"{'architecture':36s} {'r':>2s} {'dim':>10s} {'status':>7s} {'certify s':>10s} {'check s':>8s} "
          f"{'baseline s':>10s} {'base rank':>9s} {'ratio':>6s} {'ratio+chk':>9s} goal")
    for widths, r, goal in CASES:
        t_cert, cert = _best(lambda: neurovariety_dimension(widths, r).certificate, args.repeat)
        t_check, report = _best(lambda: cert.check(), args.repeat)
        t_base, base = _best(lambda: modular_jacobian_rank(widths, r, seed=1), args.repeat)
        f = report.facts
        dim = str(f["value"]) if f["status"] == "exact" else f">= {f['value']}"
        ok = "" if goal is None else (f"< {goal:g} s: {'met' if t_cert + t_check < goal else 'MISSED'}")
        print(f"{str(widths):36s} {r:2d} {dim:>10s} {f['status'][:7]:>7s} {t_cert:10.3f} {t_check:8.3f} {t_base:10.3f} "
              f"{base:9d} {t_cert / t_base:6.1f} {(t_cert + t_check) / t_base:9.1f} {ok}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
