"""Scale-out: instances per second of a rank conjecture's search on each engine, and the store's overhead.

The conjecture: for random deep ConvACs (N = 8, window 2, widths (w, w, 1), M representation functions), the rank
of the odd-even matricization of the grid tensor is at most the Theorem-1 upper bound (Cohen & Shashua,
ICLR 2017).  It holds, so the exhaustive search checks every instance (each a certified rank over Q, tens of
milliseconds).  Everything runs in one process, one after the other, and is printed as ratios against the serial
engine measured in the same run:

* the search (``exactnet.conjectures.search``) on the serial engine, a process pool of 2 workers, and a Dask
  LocalCluster with 1 and 2 worker processes (the cluster is started once, outside the timings, and each search
  connects to it by its address);
* the same rank task through the engine alone (``make_engine(...).map_unordered``), on a process pool of 1 and 2
  workers and on the cluster with 1 and 2 workers (one instance per task, and 8 per task for 2 workers): what
  the engines cost without the search driver;
* the store: the serial search with a store file against the same search without one, and the cost of one
  committed ``Store.put`` of a search record.

Each timing is the best of three runs (``--repeat``): other work on the machine only adds time.  The machine's
cores bound the speed-up of 2 workers, and other work on the machine lowers it: ``os.cpu_count()`` is printed,
and a control (a pure-Python loop, serial against a pool of 2) shows what a second process can gain at the time
of the run.

Usage::

    python benchmarks/bench_search.py            # 24 seeds x 4 architectures = 96 instances per run
    python benchmarks/bench_search.py --quick    # 2 seeds (8 instances), one run each: a smoke run (the tests run it)
    python benchmarks/bench_search.py --repeat 5 # best of 5 per timing
"""

from __future__ import annotations

import argparse
import functools
import logging
import os
import tempfile
import time
from pathlib import Path

from exactnet import DeepConvAC, matricize, rank
from exactnet.conjectures import Space, claim, conjecture, search
from exactnet.scale import Store, canonical_hash, make_engine
from exactnet.theorems import pooling_bounds

ARCHS = ((2, 2), (3, 2), (3, 3), (4, 2))  # (M, w)


def odd_even_rank(seed: int, M: int, w: int):
    net = DeepConvAC.from_windows(8, M, [w, w, 1], window=2, seed=seed, low=-9, high=9)
    return net, rank(matricize(net.grid_tensor(output=0), "odd-even"))


def rank_task(item: tuple) -> dict:
    """The conjecture's work through the engine alone: ``(seed, M, w) -> {"rank": ..., "bound": ...}``."""
    seed, M, w = item
    net, res = odd_even_rank(seed, M, w)
    return {"rank": res.rank, "bound": pooling_bounds(net.tree, M, net.widths, "odd-even").upper}


def make_conjecture(seeds: int):
    @conjecture(name="bench-odd-even-rank-theorem1", space=Space(M=(2, 3, 4), w=(2, 3), seed=range(seeds)),
                where=lambda M, w, seed: (M, w) in ARCHS, size=lambda M, w, seed: (M * w, seed),
                statement="the odd-even rank of a random deep ConvAC (N = 8, window 2, widths (w, w, 1)) is at most "
                          "the Theorem-1 upper bound",
                source="Cohen & Shashua, Inductive bias of deep convolutional networks through pooling geometry, "
                       "ICLR 2017, Theorem 1")
    def odd_even_rank_theorem1(M, w, seed):
        net, res = odd_even_rank(seed, M, w)
        return claim(res, "<=", pooling_bounds(net.tree, M, net.widths, "odd-even").upper)

    return odd_even_rank_theorem1


def spin(n: int) -> int:
    """The control: pure-Python arithmetic, no exactnet (how much 2 processes can gain on this machine now)."""
    s = 0
    for i in range(200_000):
        s += i * i % 7
    return s + n


def _timed(f):
    t0 = time.perf_counter()
    out = f()
    return out, time.perf_counter() - t0


REPEAT = 1  # each timing is the best of REPEAT runs (set by --repeat): other work on the machine only adds time


def _search(conj, **kw):
    best = None
    for _ in range(REPEAT):
        res, t = _timed(lambda: search(conj, strategy="exhaustive", progress=False, **{
            k: (v() if callable(v) else v) for k, v in kw.items()}))
        assert res.status == "holds-up-to", res.status
        best = t if best is None else min(best, t)
    return res.checked, best


def _engine(engine, items, chunksize=1):
    best = None
    for _ in range(REPEAT):
        out, t = _timed(lambda: dict(engine.map_unordered(rank_task, items, chunksize=chunksize)))
        assert all(not isinstance(v, BaseException) and v["rank"] <= v["bound"] for v in out.values())
        best = t if best is None else min(best, t)
    return len(out), best


def _row(label: str, n: int, seconds: float, base: float | None) -> None:
    rate = n / seconds
    ratio = "" if base is None else f"  x{rate / base:5.2f} vs serial"
    print(f"  {label:<44} {n:4d} instances {seconds:7.2f} s  {rate:7.1f} /s{ratio}")


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="2 seeds per architecture, one repetition (a smoke run)")
    ap.add_argument("--repeat", type=int, default=None, help="best of this many runs per timing (default 3)")
    args = ap.parse_args(argv)
    global REPEAT
    REPEAT = args.repeat or (1 if args.quick else 3)
    seeds = 2 if args.quick else 24
    conj = make_conjecture(seeds)
    items = [(s, M, w) for (M, w) in ARCHS for s in range(seeds)]
    print(f"bench_search: {len(items)} instances (rank of an 81 x 81 or smaller matricization each); "
          f"{os.cpu_count()} CPUs; best of {REPEAT} per timing")
    rates: dict = {}

    import distributed

    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                       silence_logs=logging.ERROR)
    try:
        with make_engine(scheduler=cluster.scheduler_address) as warm:  # workers import exactnet once, untimed
            list(warm.map_unordered(rank_task, items[:4]))
        print("\nsearch (exactnet.conjectures.search, exhaustive):")
        n, t = _search(conj)
        base = n / t
        rates["search serial"] = base
        _row("serial (workers=1)", n, t, None)
        n, t = _search(conj, workers=2)
        rates["search process-pool 2"] = n / t
        _row("process pool, 2 workers", n, t, base)
        n, t = _search(conj, scheduler=cluster.scheduler_address)
        rates["search dask 2"] = n / t
        _row(f"Dask LocalCluster, {_worker_count_of(cluster)} workers", n, t, base)

        print("\nthe same rank task through the engine alone (make_engine(...).map_unordered):")
        with make_engine() as engine:
            n, t = _engine(engine, items)
        ebase = n / t
        rates["engine serial"] = ebase
        _row("serial", n, t, None)
        for w in (1, 2):
            with make_engine(workers=w) if w > 1 else _one_worker_pool() as engine:
                n, t = _engine(engine, items)
            rates[f"engine process-pool {w}"] = n / t
            _row(f"process pool, {w} worker{'s' if w > 1 else ''}", n, t, ebase)
        with make_engine(workers=2) as engine:
            n, t = _engine(engine, items, chunksize=8)
        rates["engine process-pool 2 chunksize 8"] = n / t
        _row("process pool, 2 workers, chunksize 8", n, t, ebase)
        with make_engine(scheduler=cluster.scheduler_address) as engine:
            n, t = _engine(engine, items)
            rates["engine dask 2"] = n / t
            _row("Dask LocalCluster, 2 workers", n, t, ebase)
            n, t = _engine(engine, items, chunksize=8)
            rates["engine dask 2 chunksize 8"] = n / t
            _row("Dask LocalCluster, 2 workers, chunksize 8", n, t, ebase)

        cluster.scale(1)  # the same cluster with one worker
        _wait_for_workers(cluster, 1)
        with make_engine(scheduler=cluster.scheduler_address) as engine:
            n, t = _engine(engine, items)
        rates["engine dask 1"] = n / t
        _row("Dask LocalCluster, 1 worker", n, t, ebase)
        print("\nsearch on the 1-worker cluster:")
        n, t = _search(conj, scheduler=cluster.scheduler_address)
        rates["search dask 1"] = n / t
        _row("Dask LocalCluster, 1 worker", n, t, base)
    finally:
        quiet = logging.getLogger("distributed")
        quiet.setLevel(logging.ERROR)
        cluster.close()

    print("\ncontrol (pure-Python loop, no exactnet): what a second process gains on this machine now")
    with make_engine() as engine:
        _, t1 = _timed(lambda: list(engine.map_unordered(spin, range(len(items)))))
    with make_engine(workers=2) as engine:
        _, t2 = _timed(lambda: list(engine.map_unordered(spin, range(len(items)))))
    rates["control process-pool 2"] = t1 / t2
    print(f"  serial {t1:6.2f} s, process pool of 2 {t2:6.2f} s: x{t1 / t2:5.2f}")

    print("\nthe store (serial search; SQLite, WAL, one commit per record):")
    with tempfile.TemporaryDirectory() as tmp:
        plain_t = store_t = float("inf")
        for i in range(REPEAT):  # alternated, so that a change of load on the machine hits both alike
            plain, t = _timed(lambda: search(conj, strategy="exhaustive", progress=False))
            plain_t = min(plain_t, t)
            stored, t = _timed(lambda: search(conj, strategy="exhaustive", progress=False,
                                              store=Path(tmp) / f"search{i}.sqlite"))
            store_t = min(store_t, t)
            assert plain.status == stored.status == "holds-up-to" and plain.checked == stored.checked
        plain_n = store_n = plain.checked
        with Store(Path(tmp) / "search0.sqlite") as s:
            assert len(s) == store_n
            record = next(s.records())
        k = 100 if args.quick else 1000
        with Store(Path(tmp) / "puts.sqlite", run={"bench": "puts"}) as s:
            _, put_t = _timed(lambda: [s.put(canonical_hash({"i": i}), record) for i in range(k)])
    overhead = store_t / plain_t
    rates["store overhead"] = overhead
    print(f"  search without a store {plain_t:6.2f} s, with a store {store_t:6.2f} s: x{overhead:5.3f} the time")
    print(f"  one committed put of a search record: {1e6 * put_t / k:7.1f} us "
          f"({100 * (put_t / k) / (plain_t / plain_n):5.2f} % of an instance's time)")
    return rates


def _worker_count_of(cluster) -> int:
    return len(cluster.scheduler_info["workers"])


def _wait_for_workers(cluster, n: int, timeout: float = 60) -> None:
    t0 = time.monotonic()
    while _worker_count_of(cluster) != n:
        if time.monotonic() - t0 > timeout:
            raise TimeoutError(f"the cluster did not settle at {n} workers")
        time.sleep(0.05)


def _one_worker_pool():
    from exactnet.scale import ProcessPoolEngine

    return ProcessPoolEngine(1)


if __name__ == "__main__":
    main()
