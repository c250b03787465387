"""Certified neurovariety dimensions: oracles, published values, bounds, bad input, CLI."""

from __future__ import annotations

import json

import pytest
import sympy
from hypothesis import given, settings

from exactnet.cli import main
from exactnet.core.linalg import rank
from exactnet.errors import InvalidArgumentError, ResourceLimitError
from exactnet.networks.polynomial import monomial_basis
from exactnet.testing.polynomial import polynomial_architectures
from exactnet.theorems.neurovariety import (ambient_dimension, expected_dimension, is_unimodal,
                                            jacobian_lower_bound, minimal_filling_architectures,
                                            minimal_filling_certificate, modular_jacobian_rank,
                                            neurovariety_dimension, parameter_count, upper_bound)


def _sympy_jacobian_rank(widths, r, weights):
    """Oracle: the exact Jacobian of weights -> coefficients with SymPy, rank over Q at ``weights``."""
    xs = sympy.symbols(f"x0:{widths[0]}")
    syms = [[[sympy.Symbol(f"w{l}_{a}_{b}") for b in range(widths[l])] for a in range(widths[l + 1])]
            for l in range(len(widths) - 1)]
    v = sympy.Matrix(xs)
    for l, S in enumerate(syms):
        v = sympy.Matrix(S) * v
        if l < len(syms) - 1:
            v = v.applyfunc(lambda t: t ** r)
    flat = [s for S in syms for row in S for s in row]
    coeffs = []
    for out in v:
        poly = sympy.Poly(sympy.expand(out), *xs)
        coeffs.extend(poly.coeff_monomial(e) for e in monomial_basis(widths[0], r ** (len(widths) - 2)))
    point = {s: int(x) for S, W in zip(syms, weights) for srow, wrow in zip(S, W) for s, x in zip(srow, wrow)}
    J = [[sympy.diff(c, s).subs(point) for s in flat] for c in coeffs]
    return rank([[int(x) for x in row] for row in J]).rank


@pytest.mark.parametrize("widths, r", [((2, 2, 1), 2), ((2, 2, 2, 1), 2), ((3, 2, 1), 2), ((2, 1, 2, 1), 2),
                                       ((2, 2, 3, 1), 2), ((2, 3, 2), 3), ((3, 2, 1, 1), 2)])
def test_lower_bound_equals_the_exact_sympy_jacobian_rank(widths, r):
    lb = jacobian_lower_bound(widths, r, seed=3, weight_range=5)
    assert lb["value"] == _sympy_jacobian_rank(widths, r, lb["weights"])


@settings(max_examples=20, deadline=None)
@given(polynomial_architectures(max_input=3, max_width=3, max_depth=4))
def test_bracket_is_consistent(arch):
    widths, r = arch
    res = neurovariety_dimension(widths, r)
    assert 0 <= res.lower <= res.upper <= min(res.ambient, parameter_count(widths))
    assert res.upper <= res.parameters - sum(widths[1:-1]) or res.upper <= res.ambient
    report = res.check()  # the certificate states the value; the upper certificate the upper bound
    assert report.facts["value"] == res.lower and report.facts["status"] == res.status
    assert res.upper_certificate.check().facts["value"] == res.upper


@settings(max_examples=6, deadline=None)
@given(polynomial_architectures(max_input=2, max_width=2, max_depth=3, degrees=(2,)))
def test_upper_bound_is_sound_against_the_oracle(arch):
    widths, r = arch
    lb = jacobian_lower_bound(widths, r, seed=1, weight_range=7)
    assert _sympy_jacobian_rank(widths, r, lb["weights"]) <= upper_bound(widths, r)[0]


def test_arithmetic():
    assert ambient_dimension((2, 3, 7, 6, 15, 8, 1), 3) == 244
    assert parameter_count((2, 3, 7, 6, 15, 8, 1)) == 287
    assert expected_dimension((2, 2, 3, 4, 1), 2) == 9
    assert is_unimodal([1, 2, 2, 1]) and is_unimodal([3]) and not is_unimodal([2, 1, 2])


# published dimensions (computed modulo primes in the tables of Dao & Rodriguez, arXiv 2605.09609)
@pytest.mark.parametrize("widths, r, dim", [
    ((2, 3, 3, 2, 1), 2, 9), ((2, 2, 6, 2, 1), 2, 7), ((2, 7, 1, 2, 1), 2, 3), ((2, 8, 2, 6, 1), 2, 7),
    ((2, 1, 8, 1, 6, 1), 2, 2), ((2, 2, 1, 1, 7, 1), 2, 3), ((2, 7, 7, 2, 5, 1), 2, 11), ((2, 8, 1, 6, 6, 1), 2, 3),
    ((2, 3, 4, 3, 4, 1), 2, 17), ((3, 5, 8, 1), 2, 15), ((3, 2, 4, 1), 2, 7)])
def test_published_values_come_out_exact(widths, r, dim):
    res = neurovariety_dimension(widths, r)
    assert (res.status, res.dimension) == ("exact", dim)


def test_known_bracket_says_it_is_a_bracket():
    # the two-output counterexample's neighbour: the bounds here do not meet
    res = neurovariety_dimension((2, 3, 3, 4, 10, 17, 11, 12, 4, 2), 2, attempts=1)
    assert res.status == "lower-bound" and res.dimension is None and res.lower < res.upper == res.ambient
    assert "a bracket" in res.claim() and "filling undecided" in res.claim()
    cert = res.certificate
    assert cert.status == "lower-bound"
    assert cert.check().facts["value"] == res.lower and res.upper_certificate.check().facts["value"] == res.upper


def test_benchmark_architectures_are_exact_and_fill():
    for widths, r, amb in (((2, 3, 4, 5, 4, 6, 4, 1), 2, 65), ((2, 3, 7, 6, 15, 8, 1), 3, 244)):
        res = neurovariety_dimension(widths, r)
        assert (res.status, res.dimension, res.ambient, res.fills) == ("exact", amb, amb, True)
        assert modular_jacobian_rank(widths, r) == amb


def test_shallow_exceptions_and_quadrics():
    assert neurovariety_dimension((3, 5, 1), 4).upper_data["rule"] == "alexander-hirschowitz"
    assert neurovariety_dimension((4, 3, 1), 2).dimension == 4 * 3 - 3
    res = neurovariety_dimension((3, 9, 2, 1), 2)  # sums of two squares of ternary quadrics
    assert (res.dimension, res.upper_data["rule"]) == (11, "quadric-output")


def test_minimal_filling_and_the_counterexample():
    report = minimal_filling_certificate((2, 3, 4, 5, 4, 6, 4, 1), 2).check()
    assert report.proposition.quantity == "minimal_filling" and report.proposition.relation == "holds"
    assert not is_unimodal((3, 4, 5, 4, 6, 4))
    with pytest.raises(InvalidArgumentError, match="not certified to fill"):
        minimal_filling_certificate((2, 2, 2, 2, 1), 2)
    with pytest.raises(InvalidArgumentError, match="cannot certify minimality"):
        minimal_filling_certificate((2, 3, 4, 4, 10, 17, 11, 12, 4, 2), 2)


def test_search_lists_minimal_filling_architectures():
    s = minimal_filling_architectures(2, 1, 2, 4, 4)
    assert s.minimal == ((3, 3, 2),) and s.undecided == ()
    assert minimal_filling_architectures(2, 1, 2, 5, 4).minimal == ((3, 3, 3, 2),)
    # every width in the box of a bigger search is covered: larger boxes do not add smaller minimal ones
    assert minimal_filling_architectures(2, 1, 2, 2, 3).minimal == ((2,),)


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"widths": (2, 0, 1), "degree": 2}, InvalidArgumentError, r"widths\[1\]"),
    ({"widths": (2, 2, 1), "degree": 1}, InvalidArgumentError, "degree"),
    ({"widths": (2, 1), "degree": 2}, InvalidArgumentError, "depth 1"),
    ({"widths": (2, 2, 1), "degree": "5/2"}, InvalidArgumentError, "must be an integer"),
    ({"widths": (10, 10, 10, 10, 10, 1), "degree": 3}, ResourceLimitError, r"bytes.*lower d_0, the degree or the depth"),
])
def test_bad_input_is_refused(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        neurovariety_dimension(**kwargs)


# ---------------------------------------------------------------------------------------------- CLI
def test_cli_json_and_certificate(tmp_path, capsys):
    out = tmp_path / "nv.json"
    assert main(["neurovariety", "--widths", "2,3,3,4,4,2,1", "--degree", "2", "--json", "--out", str(out),
                 "--baseline"]) == 0
    d = json.loads(capsys.readouterr().out)
    for key in ("dimension", "status", "lower", "upper", "ambient", "expected", "fills", "defect"):
        assert key in d
    assert (d["dimension"], d["status"], d["fills"], d["baseline"]["modular_rank"]) == (33, "exact", True, 33)
    assert main(["check", str(out)]) == 0


def test_cli_readable_bracket_and_errors(capsys):
    assert main(["neurovariety", "--widths", "2,3,3,4,10,17,11,12,4,2", "--degree", "2", "--attempts", "1"]) == 0
    text = capsys.readouterr().out
    assert "a bracket" in text and "undecided" in text
    assert main(["neurovariety", "--widths", "2,2,1", "--degree", "2.5"]) == 2
    assert "must be an integer" in capsys.readouterr().err
    assert main(["neurovariety", "--widths", "2,1", "--degree", "2", "--json"]) == 2
    assert "depth 1" in capsys.readouterr().out + capsys.readouterr().err


def test_cli_filling(tmp_path, capsys):
    out = tmp_path / "mf.json"
    assert main(["filling", "--widths", "2,3,4,5,4,6,4,1", "--degree", "2", "--out", str(out)]) == 0
    assert "not unimodal" in capsys.readouterr().out
    assert main(["check", str(out)]) == 0
    capsys.readouterr()
    assert main(["filling", "--d0", "2", "--dh", "1", "--degree", "2", "--depth", "4", "--max-width", "4",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["minimal"] == [[3, 3, 2]]
    assert main(["filling", "--d0", "2", "--dh", "1", "--degree", "3", "--depth", "3", "--max-width", "4",
                 "--out", str(tmp_path / "certs")]) == 0
    files = sorted((tmp_path / "certs").glob("*.json"))
    assert [f.name for f in files] == ["minimal-filling_2-3-3-1_r3.json"]
    assert main(["check", str(files[0])]) == 0
    assert main(["filling", "--degree", "2"]) == 2
