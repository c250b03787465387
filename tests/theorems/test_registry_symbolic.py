"""The registry of built-in checks, and the symbolic teaching mode."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

from exactnet.core.linalg import rank
from exactnet.errors import InvalidArgumentError, ResourceLimitError, UnknownTheoremError
from exactnet.theorems import CHECKS, VERDICTS, all_checks, get_check, iter_instances, symbolic_minor
from exactnet.theorems.registry import Check, register


def test_registry_ids_and_instances():
    ids = [c.id for c in all_checks()]
    assert "csh2016-thm1" in ids and len(ids) == len(set(ids)) == len(CHECKS)
    thm1 = get_check("csh2016-thm1")
    names = {i["name"] for i in thm1.default_instances}
    assert {"N4_M2_r2-1_unshared", "N4_M3_r2-2_shared", "N8_M2_r2-1-1_unshared", "N8_M3_r3-3-3_shared"} <= names
    for check, inst in iter_instances():
        assert set(inst) >= {"name", "params", "expected"}, (check.id, inst)
        assert check.source and check.claim and check.title


def test_registry_errors():
    with pytest.raises(UnknownTheoremError, match="Unknown check id 'x'; known ids: bentkamp-witness"):
        get_check("x")
    with pytest.raises(UnknownTheoremError, match="has no instance 'N99'"):
        get_check("csh2016-thm1").instance("N99")
    with pytest.raises(ValueError, match="duplicate check id"):
        register(get_check("csh2016-thm1"))


def _fake(prove, value, expected=1):
    return Check("fake", "t", "c", "s", ({"name": "i", "params": {}, "expected": expected},),
                 prove, value)


def test_run_confirms_and_fails():
    good = rank([[1, 0, 0], [0, 2, 0], [0, 0, 3]]).certificate.to_certificate()
    out = _fake(lambda p: good, lambda f, c: f["value"], expected=3).run("i")
    assert (out.verdict, out.value, out.ok) == ("confirmed", 3, True) and out.certificate == good
    out = _fake(lambda p: good, lambda f, c: f["value"], expected=2).run("i")
    # a certified value that differs from the stated one, with no finding recorded in the claims library
    assert out.verdict == "failed" and "certified 3, but the claim states 2 and records no finding" in out.message
    bad = type(good)({**good.proposition, "value": 4}, good.evidence)  # the true rank is 3
    out = _fake(lambda p: bad, lambda f, c: f["value"], expected=4).run("i")
    assert out.verdict == "failed" and not out.ok and "rejected the certificate" in out.message
    def boom(p):
        raise InvalidArgumentError("Argument 'x' must be y")
    out = _fake(boom, lambda f, c: 0).run("i")
    assert out.verdict == "failed" and "could not certify: Argument 'x'" in out.message
    assert set(VERDICTS) == {"confirmed", "contradicts-published", "sharper-than-published", "failed"}
    assert out.to_dict()["verdict"] == "failed"


def test_registered_instances_run_valid():
    """A sample of registered instances (all run in tests/test_proofs.py)."""
    for cid, name in [("csh2016-thm1", "N4_M3_r2-2_unshared"), ("csh2016-size", "N8_M2_r2"),
                      ("csh2016-depth-lc", "N8_M2_Lc3_r2-4-4")]:
        out = get_check(cid).run(name)
        assert out.ok and out.certificate.is_valid()
    assert get_check("csh2016-depth-lc").run("N8_M2_Lc3_r2-4-4").verdict == "sharper-than-published"


# ------------------------------------------------------------------ symbolic teaching mode
def test_symbolic_minor_default_instance():
    s = symbolic_minor(N=4, M=2, widths=(2, 1))
    assert s.size == 4 and s.is_nonzero and s.witness_value == Fraction(1) and s.degree == 28
    assert len(s.symbols) == 21
    poly = sympy.Poly(sympy.expand(s.polynomial), *s.symbols)
    assert not poly.is_zero
    # the factorization predicted by [A] = o * [phi_1] (x) [phi_2]: o^4 (w w' det A det B)^2 ...
    o = sympy.Symbol("o_0_0")
    assert sympy.degree(s.polynomial, o) == 4
    # at a point where leaf 0 is singular the polynomial vanishes
    subs = {x: 1 for x in s.symbols}
    assert s.polynomial.subs(subs) == 0


def test_symbolic_minor_shared_is_a_power_of_one_determinant():
    s = symbolic_minor(N=4, M=2, widths=(2, 1), shared=True)
    a = sympy.symbols("a_0_0 a_0_1 a_1_0 a_1_1")
    assert sympy.simplify(s.polynomial / (a[0] * a[3] - a[1] * a[2]) ** 8).free_symbols.isdisjoint(a)


def test_symbolic_minor_refuses_large_instances():
    with pytest.raises(ResourceLimitError, match="teaching mode for tiny instances .* N=8 with a 81 x 81 minor"):
        symbolic_minor(N=8, M=3, widths=(3, 3, 3))
    with pytest.raises(ResourceLimitError, match="34 weights, above the limit of 24"):
        symbolic_minor(N=4, M=3, widths=(2, 2))
    with pytest.raises(InvalidArgumentError, match="'N' must be a power of 2"):
        symbolic_minor(N=3)
    with pytest.raises(InvalidArgumentError, match="must hold 2 widths"):
        symbolic_minor(widths=(2, 1, 1))
