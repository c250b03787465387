"""Version-2 certificates about GC ConvACs checked by the kernel (exactnet/kernel/overlap.py): valid
certificates pass, corrupted ones fail naming the field, and the kernel's minor is the library's."""

from __future__ import annotations

import copy
import itertools
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet.checker import check_certificate
from exactnet.core.linalg import rank_mod_p
from exactnet.core.qarray import QArray
from exactnet.errors import CertificateError
from exactnet.networks.gcconvac import (
    GCConvAC,
    GCLayer,
    dense_rank_witness,
    gc_grid_tensor_certificate,
    gc_rank_certificate,
)
from exactnet.testing.overlap import gc_networks
from overlap_testlib import draw_minor, full_index

P = 2**31 - 1


def _cert(net, partition="low-high", prime=P, generic=False, **kw):
    r, rows, cols, p = dense_rank_witness(net, partition, prime=prime if prime else None)
    return gc_rank_certificate(net, partition, r, rows, cols, prime if prime else None, generic=generic, **kw)


@pytest.fixture(scope="module")
def over():
    return GCConvAC.random((8,), 2, [(3, 1, 2), (2, 2, 2), (3, 1, 2)], seed=0, low=-50, high=50)


@settings(max_examples=30, deadline=None)
@given(gc_networks(Y=2, fractions=False), st.data())
def test_the_kernel_accepts_a_minor_exactly_when_the_library_finds_it_non_singular(net, data):
    """Oracle: the library's own entries (evaluate_templates) and FLINT's determinant over Q."""
    import flint
    from fractions import Fraction

    rows, cols, ri, ci = draw_minor(net, data)
    k = min(len(ri), len(ci))
    ri, ci = ri[:k], ci[:k]
    out = data.draw(st.integers(0, 1))
    if len({tuple(a) for a in ri}) < k or len({tuple(b) for b in ci}) < k:
        with pytest.raises(CertificateError, match="repeated multi-index"):
            check_certificate(gc_rank_certificate(net, rows, k, ri, ci, None, output=out))
        return
    M = [[net.evaluate_templates(full_index(net.N, rows, a, cols, b))[out] for b in ci] for a in ri]
    den = 1
    for row in M:
        for v in row:
            den = den * Fraction(v).denominator
    det = flint.fmpz_mat([[int(Fraction(v) * den) for v in row] for row in M]).det() if M else 1
    cert = gc_rank_certificate(net, rows, len(ri), ri, ci, None, output=out)
    if det != 0:
        assert check_certificate(cert).facts["value"] == len(ri)
    else:
        with pytest.raises(CertificateError, match="singular over Q") as info:
            check_certificate(cert)
        assert info.value.field == "evidence.rows"


def test_valid_certificates(over):
    for partition, r in (("low-high", 8), ("odd-even", 16)):
        cert = _cert(over, partition)
        report = check_certificate(cert)
        assert report.facts == {"value": r, "status": "lower-bound"} and cert["evidence"]["prime"] == str(P)
        assert cert["proposition"]["object"]["rows"] == ([0, 1, 2, 3] if partition == "low-high" else [0, 2, 4, 6])
    big = _cert(over, "odd-even", prime=2**61 - 1)
    assert check_certificate(big).facts["value"] == 16
    q = _cert(over, "low-high", prime=None)  # determinant over Q
    assert "prime" not in q["evidence"] and check_certificate(q).facts["value"] == 8
    generic = _cert(over, "odd-even", generic=True)
    report = check_certificate(generic)
    assert report.facts == {"value": 16, "status": "lower-bound"} and report.sentence.startswith("for almost every")
    assert generic["proposition"]["object"]["ties"] and generic["evidence"]["rule"] == "generic-rank-from-witness"


def test_2d_and_unshared_certificates():
    net = GCConvAC.random((3, 3), 2, [GCLayer((2, 2), 1, 2), GCLayer((2, 2), 1, 1)], seed=1, low=-20, high=20,
                          shared=False)
    cert = _cert(net, [0, 1, 2, 3])
    assert check_certificate(cert).facts["value"] >= 1
    grid = gc_grid_tensor_certificate(net)
    assert check_certificate(grid).facts["status"] == "exact" and len(grid["proposition"]["value"]["numerators"]) == 2**9


def test_certificate_at_N64_never_forms_the_tensor():
    net = GCConvAC.random((64,), 4, [(2, 1, 4)] * 3 + [(4, 4, 4), (4, 4, 4), (3, 1, 1)], seed=1, low=1, high=9)
    background = [int(x) for x in np.random.default_rng(0).integers(0, 4, size=64)]
    # a 16 x 16 block of the low-high matricization: rows vary modes 30, 31; columns vary modes 32, 33
    pairs = list(itertools.product(range(4), repeat=2))
    tuples = []
    for a in pairs:
        for b in pairs:
            d = list(background)
            d[30], d[31], d[32], d[33] = a[0], a[1], b[0], b[1]
            tuples.append(d)
    block = net.grid_entries(np.array(tuples), output=0, prime=P).reshape(16, 16)
    res = rank_mod_p(QArray.from_integers(block.astype(np.int64)), P)
    rows = [background[:30] + list(pairs[a]) for a in res.certificate.rows]
    cols = [list(pairs[b]) + background[34:] for b in res.certificate.cols]
    cert = gc_rank_certificate(net, "low-high", res.rank, rows, cols, P)
    t = time.perf_counter()
    assert check_certificate(cert).facts["value"] == res.rank >= 4
    assert time.perf_counter() - t < 10
    # the whole-matricization method would recompute 4^64 entries: refused with the estimate, never attempted
    cert["evidence"] = {"method": "minor-and-factorization", "rows": [0], "cols": [0], "prime": "7"}
    _fails(cert, "proposition.object.circuit", "operations, more than max_work")


# ------------------------------------------------------------------------------------------ corruptions
def _fails(cert, field, match):
    with pytest.raises(CertificateError, match=match) as info:
        check_certificate(cert)
    assert info.value.field == field, info.value.field


def test_one_more_row_is_singular(over):
    cert = _cert(over, "low-high")
    ev, r = cert["evidence"], cert["proposition"]["value"]
    used_r, used_c = {tuple(t) for t in ev["rows"]}, {tuple(t) for t in ev["cols"]}
    ev["rows"].append(next(list(t) for t in itertools.product(range(2), repeat=4) if t not in used_r))
    ev["cols"].append(next(list(t) for t in itertools.product(range(2), repeat=4) if t not in used_c))
    cert["proposition"]["value"] = r + 1
    _fails(copy.deepcopy(cert), "evidence.rows", f"the {r + 1} x {r + 1} minor .* singular modulo {P}")
    del cert["evidence"]["prime"]
    _fails(cert, "evidence.rows", "singular over Q")


def _node(c, k):
    return c["proposition"]["object"]["circuit"]["nodes"][k]


@pytest.mark.parametrize("mutate, field, match", [
    (lambda c: _node(c, len(c["proposition"]["object"]["circuit"]["nodes"]) - 1)["matrix"].update(
        numerators=["0", "0"], denominator="1"), "evidence.rows", "singular"),
    (lambda c: c["evidence"].update(prime=str(2**31 - 3)), "evidence.prime", "not a prime"),
    (lambda c: c["evidence"].update(prime=2147483647), "evidence.prime", "JSON string"),
    (lambda c: c["evidence"]["rows"][0].__setitem__(0, 2), "evidence.rows[0][0]", "out of range"),
    (lambda c: c["evidence"]["rows"].__setitem__(1, list(c["evidence"]["rows"][0])), "evidence.rows[1]", "repeated"),
    (lambda c: c["evidence"]["cols"].pop(), "evidence.cols", "exactly 8"),
    (lambda c: c["evidence"]["rows"][0].pop(), "evidence.rows[0]", "one template index per row mode"),
    (lambda c: c["evidence"].update(note="prose"), "evidence.note", "unknown field"),
    (lambda c: c["proposition"]["object"].update(rows=[0, 1, 2, 8]), "proposition.object.rows[3]", "out of range"),
    (lambda c: c["proposition"]["object"].update(rows=[1, 0, 2, 3]), "proposition.object.rows", "increasing"),
    (lambda c: c["proposition"]["object"].update(output=1), "proposition.object.output", "out of range"),
    (lambda c: c["proposition"].update(value=8.0), "proposition.value", "JSON integer >= 0, not 8.0 .JSON number, a float"),
    (lambda c: c["proposition"].update(value=9), "proposition.value", "does not entail"),
    (lambda c: c["proposition"].update(relation="="), "proposition.value", "does not entail"),
    (lambda c: c["proposition"].update(field="GF(7)"), "proposition.field", "must be one of"),
    (lambda c: c.update(claim="rank >= 9"), "claim", "must be the rendering"),
    (lambda c: _node(c, 8)["matrix"].update(denominator="0"), "proposition.object.circuit.nodes[8].matrix.denominator",
     None),
    (lambda c: c.update(kind="gc-rank-lower-bound"), "kind", "belongs to format version 1"),
])
def test_corrupted_fields(over, mutate, field, match):
    bad = _cert(over, "low-high")
    assert check_certificate(copy.deepcopy(bad)).facts["value"] == 8
    mutate(bad)
    with pytest.raises(CertificateError, match=match) as info:
        check_certificate(bad)
    assert info.value.field.startswith(field), info.value.field


def test_generic_claims_need_a_shared_point_for_shared_spaces():
    net = GCConvAC.random((4,), 2, [(2, 1, 2), (3, 1, 1)], seed=2, low=-9, high=9, shared=False)
    cert = _cert(net, [0, 1], generic=True, weight_space="shared")
    _fails(cert, "evidence.params.ties[0]", "not a point of this weight space")
    ok = _cert(net, [0, 1], generic=True, weight_space="unshared")
    assert check_certificate(ok).facts["status"] == "lower-bound" and ok["proposition"]["object"]["ties"] == []
    bad = copy.deepcopy(ok)  # the conclusion claims the shared space the witness does not support
    bad["proposition"]["object"]["ties"] = [[4, 7], [5, 8]]
    _fails(bad, "proposition.object", "does not entail")


def test_grid_tensor_certificate_corruptions():
    net = GCConvAC.random((4,), 2, [(2, 1, 2), (3, 1, 1)], seed=3)
    good = gc_grid_tensor_certificate(net)
    assert check_certificate(copy.deepcopy(good)).facts["status"] == "exact"
    value = lambda c: c["proposition"]["value"]  # noqa: E731
    bad = copy.deepcopy(good)
    value(bad)["numerators"][5] = str(int(value(bad)["numerators"][5]) + 1)
    _fails(bad, "proposition.value", "does not entail")
    bad = copy.deepcopy(good)
    value(bad)["numerators"][0] = 1.0
    _fails(bad, "proposition.value.numerators[0]", "JSON string")
    bad = copy.deepcopy(good)
    value(bad)["shape"] = [2, 2, 2]
    _fails(bad, "proposition.value.numerators", "numerators of the shape")
    bad = copy.deepcopy(good)
    value(bad).update(denominator="2", numerators=[str(2 * int(x)) for x in value(bad)["numerators"]])
    _fails(bad, "proposition.value.denominator", "lowest terms")
    bad = copy.deepcopy(good)
    bad["proposition"]["relation"] = ">="
    _fails(bad, "proposition.relation", "must be one of")
