"""search(): strategies, minimality, determinism, resume, bad input, and the documented file form.

Oracle: SymPy's rank of the same small matrices, in a plain loop over the instances sorted by size.
"""

from __future__ import annotations

import json
import textwrap

import pytest
import sympy

import exactnet
from exactnet.conjectures import Conjecture, Space, claim, conjecture, library, load_conjecture, search
from exactnet.errors import FormatError, InexactInputError, InvalidArgumentError, StoreMismatch


def _matrix(n: int, m: int) -> list:
    return [[(i * i + 3 * j * j + i * j) % 5 for j in range(m)] for i in range(n)]


CALLS: list = []


def _size(n, m):
    return (n + m, n)


@conjecture(space=Space(n=range(1, 6), m=range(1, 6)), size=_size, statement="rank <= 2")
def rank_at_most_2(n, m):
    CALLS.append((n, m))
    return claim(exactnet.rank(_matrix(n, m)), "<=", 2)


@conjecture(space=Space(n=range(1, 6), m=range(1, 6)), size=_size)
def rank_at_most_min(n, m):
    return claim(exactnet.rank(_matrix(n, m)), "<=", min(n, m))


def _oracle_first(bound: int):
    space = [{"n": n, "m": m} for n in range(1, 6) for m in range(1, 6)]
    order = sorted(range(len(space)), key=lambda i: (_size(**space[i]), i))
    for pos, i in enumerate(order):
        inst = space[i]
        if sympy.Matrix(_matrix(inst["n"], inst["m"])).rank() > bound:
            return inst, pos, [space[j] for j in order[:pos]]
    return None, None, None


@pytest.mark.parametrize("workers", [1, 2])
def test_exhaustive_returns_the_first_counterexample_in_size_order(workers, tmp_path):
    first, pos, earlier = _oracle_first(2)
    assert first is not None and pos > 3
    res = search(rank_at_most_2, workers=workers, store=tmp_path / "s.sqlite")
    assert res.status == "refuted" and res.counterexample == first
    assert res.checked == pos + 1
    assert res.minimality.level == "minimal-in-size-order"
    assert res.check().verdict == "valid"
    assert res.certificate.value == sympy.Matrix(_matrix(**first)).rank()
    assert exactnet.check_certificate(res.certificate.to_dict()).verdict == "valid"
    from exactnet.scale import Store

    with Store(tmp_path / "s.sqlite") as store:  # every earlier instance was checked and holds
        stored = {json.dumps(r["instance"], sort_keys=True): r["outcome"] for r in store.records()}
    for inst in earlier:
        assert stored[json.dumps(inst, sort_keys=True)] == "holds"
    assert res.size_searched == _size(**first)[0] - 1


def test_a_true_conjecture_holds_up_to_the_size_searched():
    res = search(rank_at_most_min, max_size=6)
    assert res.status == "holds-up-to" and res.size_searched == 6 and res.counterexample is None
    assert res.checked == sum(1 for n in range(1, 6) for m in range(1, 6) if n + m <= 6)
    with pytest.raises(exactnet.CertificateError, match="no counterexample"):
        res.check()
    out = res.to_json()
    assert {"conjecture", "status", "counterexample", "certificate", "minimality", "checked", "strategy"} <= set(out)
    json.dumps(out)


@pytest.mark.parametrize("strategy", ["random", "targeted"])
def test_same_seed_same_result(strategy):
    def key(r):
        out = r.to_json()
        return {k: v for k, v in out.items() if k not in ("seconds", "engine", "workers")}

    a = search(rank_at_most_2, strategy=strategy, seed=7)
    b = search(rank_at_most_2, strategy=strategy, seed=7)
    c = search(rank_at_most_2, strategy=strategy, seed=7, workers=2)
    assert a.status == "refuted" and a.strategy == strategy
    assert key(a) == key(b) == key(c)
    assert a.check().verdict == "valid"


def test_random_shrinks_to_a_locally_minimal_counterexample():
    @conjecture(space=Space(a=range(0, 30), b=range(0, 30)), size=lambda a, b: a + b)
    def small(a, b):
        return claim(exactnet.rank([[1, 0], [0, 1]]), "<=", 1 if a >= 4 and b >= 3 else 2)

    res = search(small, strategy="random", seed=1, budget=100)
    assert res.status == "refuted" and res.counterexample == {"a": 4, "b": 3}
    assert res.minimality.level == "locally-minimal" and "Hypothesis" in res.minimality.statement


def test_random_never_returns_a_larger_counterexample_than_one_it_checked():
    # the size order runs against Hypothesis's own shrink order (towards a = 0)
    @conjecture(space=Space(a=range(0, 30)), size=lambda a: 30 - a)
    def reversed_order(a):
        return claim(exactnet.rank([[1, 0], [0, 1]]), "<=", 1 if a >= 4 else 2)

    res = search(reversed_order, strategy="random", seed=1, budget=60)
    assert res.status == "refuted"
    assert 4 < res.counterexample["a"] < 30  # not Hypothesis's a = 4, the largest in the size order
    again = search(reversed_order, strategy="random", seed=1, budget=60)
    assert again.counterexample == res.counterexample


def test_targeted_climbs_the_score():
    @conjecture(space=Space(n=range(0, 400)), score=lambda n: n)
    def below_350(n):
        return claim(n, "<", 350)  # a plain exact value: its contradiction is only potential...

    res = search(below_350, strategy="targeted", budget=150, seed=0)
    assert res.status == "unknown" and res.potential  # ...so it is never reported as a refutation
    assert res.counts["potential"] >= 1

    @conjecture(space=Space(n=range(1, 60)))
    def rank_small(n):  # the default score: how close the claim is to failing
        return claim(exactnet.rank([[1, 0], [0, 1]] if n >= 40 else [[1]]), "<=", 1)

    res = search(rank_small, strategy="targeted", budget=60, seed=2)
    assert res.status == "refuted" and res.counterexample["n"] >= 40 and res.minimality.level == "none"


def test_budget_and_resume_end_with_the_uninterrupted_result(tmp_path):
    full = search(rank_at_most_2)
    path = tmp_path / "run.sqlite"
    part = search(rank_at_most_2, store=path, budget=4)
    assert part.status == "unknown" and part.checked == 4 and "budget" in part.stopped
    with pytest.raises(InvalidArgumentError, match="resume"):
        search(rank_at_most_2, store=path)
    CALLS.clear()
    resumed = search(rank_at_most_2, store=path, resume=True)
    assert resumed.counterexample == full.counterexample and resumed.checked == full.checked
    assert len(CALLS) == full.checked - 4  # the 4 stored instances were not recomputed
    assert resumed.to_json()["certificate"] == full.to_json()["certificate"]


def test_a_store_of_another_conjecture_is_refused(tmp_path):
    path = tmp_path / "run.sqlite"
    search(rank_at_most_min, store=path, max_size=3)
    with pytest.raises(StoreMismatch):
        search(rank_at_most_2, store=path, resume=True)
    with pytest.raises(InvalidArgumentError, match="store"):
        search(rank_at_most_2, resume=True)


def test_errors_are_reported_and_the_search_goes_on():
    @conjecture(space=Space(n=range(1, 8)))
    def flaky(n):
        if n == 2:
            raise ZeroDivisionError("n = 2")
        return claim(exactnet.rank([[1, 0], [0, 1]] if n >= 5 else [[1]]), "<=", 1)

    res = search(flaky)
    assert res.status == "refuted" and res.counterexample == {"n": 5}
    assert res.errors[0]["instance"] == {"n": 2} and "ZeroDivisionError" in res.errors[0]["detail"]
    assert res.minimality.level == "first-certified-in-size-order"


def test_bad_input_is_refused_clearly(tmp_path):
    @conjecture(space=Space(n=range(1, 40)))
    def raises(n):
        return 1 / 0

    with pytest.raises(InvalidArgumentError, match="raised on every instance.*ZeroDivisionError"):
        search(raises)
    with pytest.raises(InvalidArgumentError, match="empty: parameter 'n' has no values"):
        search(Conjecture(name="e", space=Space(n=range(0)), check=lambda n: True))
    with pytest.raises(InvalidArgumentError, match="where"):
        search(Conjecture(name="w", space=Space(n=range(3)), check=lambda n: True, where=lambda n: False))
    with pytest.raises(InvalidArgumentError, match="size <= 1"):
        search(rank_at_most_2, max_size=1)
    with pytest.raises(InvalidArgumentError, match="takes"):
        Conjecture(name="s", space=Space(n=range(3)), check=lambda k: True)
    with pytest.raises(InexactInputError, match="n\\[1\\]"):
        Space(n=(1, 0.5))
    with pytest.raises(InvalidArgumentError, match="strategy"):
        search(rank_at_most_2, strategy="clever")
    with pytest.raises(InvalidArgumentError, match="budget"):
        search(rank_at_most_2, budget=1.5)
    with pytest.raises(InvalidArgumentError, match="must return claim"):
        search(Conjecture(name="n", space=Space(n=range(30)), check=lambda n: None))
    with pytest.raises(InvalidArgumentError, match="no built-in conjecture"):
        load_conjecture("no-such-conjecture")


def test_dependent_parameters_and_potential_counterexamples():
    @conjecture(space=Space(L=range(1, 4), widths=lambda L: [(w,) * L for w in (1, 2)]))
    def bool_check(L, widths):
        return sum(widths) < 5

    assert [tuple(i.values()) for i in bool_check.space][:3] == [(1, (1,)), (1, (2,)), (2, (1, 1))]
    res = search(bool_check)
    assert res.status == "unknown" and res.counterexample is None  # a False bool is never a refutation
    assert [p["instance"] for p in res.potential] == [{"L": 3, "widths": [2, 2, 2]}]


FILE = '''\
import exactnet
from exactnet.conjectures import Space, claim, conjecture


def matrix(n, m):
    return [[(i * i + 3 * j * j + i * j) % 5 for j in range(m)] for i in range(n)]


@conjecture(name="rank-at-most-2", space=Space(n=range(1, 6), m=range(1, 6)), size=lambda n, m: (n + m, n),
            source="a conjecture of the test", statement="these matrices have rank at most 2")
def rank_at_most_2(n, m):
    return claim(exactnet.rank(matrix(n, m)), "<=", 2)


@conjecture(space=Space(n=range(1, 6), m=range(1, 6)), size=lambda n, m: (n + m, n))
def rank_at_most_min(n, m):
    """these matrices have rank at most min(n, m)"""
    return claim(exactnet.rank(matrix(n, m)), "<=", min(n, m))
'''


@pytest.fixture
def conj_file(tmp_path):
    path = tmp_path / "my_conjectures.py"
    path.write_text(FILE)
    return path


@pytest.mark.parametrize("workers", [1, 2])
def test_conjectures_in_the_documented_file_form(conj_file, workers):
    first, pos, _ = _oracle_first(2)
    res = search(f"{conj_file}:rank-at-most-2", workers=workers)
    assert res.status == "refuted" and res.counterexample == first and res.checked == pos + 1
    assert res.minimality.level == "minimal-in-size-order" and res.check().verdict == "valid"
    assert res.source == "a conjecture of the test"
    held = search(f"{conj_file}:rank_at_most_min", max_size=7, workers=workers)  # the variable name works too
    assert held.status == "holds-up-to" and held.size_searched == 7
    assert held.statement == "these matrices have rank at most min(n, m)"


def test_file_form_errors(conj_file, tmp_path):
    with pytest.raises(InvalidArgumentError, match="no conjecture named 'nope'.*rank-at-most-2"):
        load_conjecture(f"{conj_file}:nope")
    with pytest.raises(InvalidArgumentError, match="defines 2 conjectures"):
        load_conjecture(str(conj_file))
    with pytest.raises(FormatError, match="no such file"):
        load_conjecture(f"{tmp_path / 'absent.py'}:x")
    bad = tmp_path / "bad.py"
    bad.write_text("raise RuntimeError('broken')\n")
    with pytest.raises(FormatError, match="RuntimeError: broken"):
        load_conjecture(f"{bad}:x")


def test_library_is_a_tuple_of_conjectures():
    lib = library()
    assert isinstance(lib, tuple) and all(isinstance(c, Conjecture) for c in lib)
    for c in lib:
        assert load_conjecture(c.name).name == c.name


def test_the_same_search_on_a_dask_local_cluster(conj_file):
    pytest.importorskip("distributed")
    serial = search(f"{conj_file}:rank-at-most-2")
    dask = search(f"{conj_file}:rank-at-most-2", workers=2, scheduler="local")
    assert dask.engine == "dask"
    assert dask.counterexample == serial.counterexample and dask.checked == serial.checked
    assert dask.to_json()["certificate"] == serial.to_json()["certificate"]


def test_a_built_in_conjecture_reports_whether_it_went_as_expected():
    names = {c.name for c in library()}
    if "maxout-theorem8-n0-1" not in names:
        pytest.skip("the built-in maxout conjecture is not in the library")
    res = search("maxout-theorem8-n0-1")
    assert res.as_expected is True and "found as expected" in res.report()
    assert res.to_json()["as_expected"] is True
    small = search("maxout-theorem8-n0-1", max_size=4)
    assert small.as_expected is False and "NOT as expected" in small.report()
    assert search(rank_at_most_min, max_size=3).as_expected is None


def test_a_progress_bar_with_rate_and_remaining_work(capsys):
    search(rank_at_most_min, max_size=4, progress=True)
    err = capsys.readouterr().err
    assert "search rank-at-most-min" in err and "instance" in err and "<" in err  # elapsed<remaining, rate
