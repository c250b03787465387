"""The independent checker of "matrix-rank" certificates: acceptance and mutation tests."""

from __future__ import annotations

import ast
import copy
import gzip
import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet.checker import CheckReport, _matrix, check_certificate, check_file
from exactnet.checker._common import det_mod_p, int_string, rational_string
from exactnet.core import QArray, rank, rank_mod_p
from exactnet.errors import CertificateError, FormatError

CHECKER_DIR = Path(__file__).resolve().parents[2] / "exactnet" / "checker"


def hand_made() -> dict:
    """rank [[1, 2, 3], [2, 4, 6], [1, 0, 1/2]] = 2, written by hand (independent of the prover).

    D = 2, B = [[2, 4, 6], [4, 8, 12], [2, 0, 1]]; minor rows [0, 2], cols [0, 1]: det = -8.
    Factorization on cols [0, 1]: 8 * B == B[:, [0, 1]] @ [[8, 0, 4], [0, 8, 10]].
    """
    return {
        "format": "exactnet.certificate", "schema_version": 1, "exactnet_version": "0.1.0",
        "kind": "matrix-rank", "claim": "rank A = 2 over Q", "field": "Q", "status": "exact",
        "matrix": {"shape": [3, 3], "entries": [["1", "2", "3"], ["2", "4", "6"], ["1", "0", "1/2"]]},
        "rank": 2,
        "lower": {"rows": [0, 2], "cols": [0, 1], "prime": "7"},
        "upper": {"type": "factorization", "cols": [0, 1], "scale": "8",
                  "coefficients": [["8", "0", "4"], ["0", "8", "10"]]},
    }


def mutate(cert: dict, path: str, value) -> dict:
    out = copy.deepcopy(cert)
    target = out
    keys = [int(k) if k.isdigit() else k for k in path.split(".")]
    for k in keys[:-1]:
        target = target[k]
    if value is KeyError:
        del target[keys[-1]]
    else:
        target[keys[-1]] = value
    return out


def rejected(cert: dict, field: str | None, match: str | None = None) -> CertificateError:
    with pytest.raises(CertificateError, match=match) as info:
        check_certificate(cert)
    assert info.value.field == field, info.value
    return info.value


# ---------------------------------------------------------------- acceptance
def test_hand_made_certificate_passes():
    report = check_certificate(hand_made())
    assert isinstance(report, CheckReport)
    assert report.kind == "matrix-rank" and report.claim == "rank A = 2 over Q"
    assert report.verdict.startswith("valid") and report.facts["rank"] == 2 and report.facts["exact"]
    with pytest.raises(TypeError):
        report.facts["rank"] = 3  # read-only


@settings(deadline=None, max_examples=25)
@given(st.integers(1, 6), st.integers(1, 6), st.integers(0, 3), st.integers(0, 2**32))
def test_prover_certificates_pass(m, n, k, seed):
    rng = np.random.default_rng(seed)
    B = rng.integers(-4, 5, (m, k))
    C = rng.integers(-4, 5, (k, n))
    A = QArray.from_integers(B @ C if k else np.zeros((m, n), dtype=np.int64), den=int(rng.integers(1, 5)))
    d = rank(A).certificate.to_dict()
    assert check_certificate(json.loads(json.dumps(d))).facts["rank"] == rank(A).rank


def test_lower_bound_certificate_and_edge_shapes():
    lb = rank_mod_p([[1, 2], [3, 4]], 2).certificate.to_dict()
    assert "upper" not in lb and lb["status"] == "lower-bound"
    assert check_certificate(lb).facts == {"rank": 1, "shape": (2, 2), "status": "lower-bound", "exact": False}
    for shape in [(0, 3), (3, 0), (0, 0), (2, 3)]:
        d = rank(QArray.zeros(shape)).certificate.to_dict()
        assert check_certificate(d).facts["rank"] == 0


def test_modular_identity_path_large_certificate():
    rng = np.random.default_rng(1)
    A = QArray.from_integers(rng.integers(-6, 7, (200, 60)) @ rng.integers(-6, 7, (60, 200)))
    d = rank(A).certificate.to_dict()
    assert 200 * 200 * 60 > _matrix.EXACT_LIMIT
    assert check_certificate(d).facts["rank"] == 60
    bad = mutate(d, "upper.coefficients.3.17", str(int(d["upper"]["coefficients"][3][17]) + 1))
    rejected(bad, "upper", "modular check")


def test_modular_identity_path_forced(monkeypatch):
    monkeypatch.setattr(_matrix, "EXACT_LIMIT", 0)
    assert check_certificate(hand_made())
    rejected(mutate(hand_made(), "upper.coefficients.1.2", "11"), "upper", "modular check")
    rejected(mutate(hand_made(), "upper.scale", "-8"), "upper", "does not prove rank <= 2")
    # an error equal to the product of several of the checker's primes is still caught
    qs = [q for q in range(2**21 - 1, 2**21 - 200, -1) if all(q % t for t in range(2, 1500))][:3]
    big = 1
    for q in qs:
        big *= q
    rejected(mutate(hand_made(), "upper.coefficients.0.2", str(1 + big)), "upper")
    # entries above 2**52 (the checker's exact-integer residue path)
    scaled = mutate(hand_made(), "matrix.entries",
                    [[str(Fraction(x) * 10**20) for x in row] for row in hand_made()["matrix"]["entries"]])
    assert check_certificate(scaled)
    rejected(mutate(scaled, "upper.coefficients.1.1", "9"), "upper", "modular check")


def test_big_integer_strings_beyond_python_digit_limit():
    big = 10**4500
    cert = {
        "format": "exactnet.certificate", "schema_version": 1, "exactnet_version": "0",
        "kind": "matrix-rank", "claim": "rank A = 1 over Q", "field": "Q", "status": "exact",
        "matrix": {"shape": [1, 2], "entries": [["1", "1/" + "1" + "0" * 4500]]},
        "rank": 1, "lower": {"rows": [0], "cols": [0], "prime": "3"},
        "upper": {"type": "trivial"},
    }
    assert check_certificate(cert)
    assert int_string("-" + "9" * 5000, "x") == -(10**5000 - 1)
    assert rational_string("2/1" + "0" * 4500, "x") == (2, big)


def test_det_mod_p_python_and_flint_agree():
    rng = np.random.default_rng(0)
    for n in (1, 5, 64, 65, 80):
        M = rng.integers(-50, 51, (n, n)).tolist()
        dets = {det_mod_p(M, p) for p in (1000003,)}
        import flint

        assert dets == {int(flint.fmpz_mat(M).det()) % 1000003}
    assert det_mod_p([[0, 1], [1, 0]], 5) == 4 and det_mod_p([], 5) == 1


def test_check_file_json_and_gzip(tmp_path):
    d = rank([[1, 2], [3, 4], [5, 6]]).certificate.to_json()
    p1 = tmp_path / "c.json"
    p1.write_text(json.dumps(d))
    p2 = tmp_path / "c.json.gz"
    p2.write_bytes(gzip.compress(json.dumps(d).encode()))
    assert check_file(p1).claim == check_file(str(p2)).claim
    assert check_file(p1).claim.endswith(" = 2 over Q")
    p3 = tmp_path / "bad.json"
    p3.write_text("{not json")
    with pytest.raises(FormatError, match="bad.json: not valid JSON: .* line 1 column 2"):  # not JSON: a format error
        check_file(p3)
    p4 = tmp_path / "float.json"
    p4.write_text(json.dumps(d).replace('"value": 2', '"value": 2.0'))
    with pytest.raises(CertificateError, match="JSON float") as info:
        check_file(p4)
    assert info.value.field == "proposition.value"
    p5 = tmp_path / "old.json"  # a version-1 file is refused, saying how to regenerate it
    p5.write_text(json.dumps(rank([[1, 2], [3, 4], [5, 6]]).certificate.to_dict()))
    with pytest.raises(CertificateError, match="version 1 is no longer read.*exactnet rank") as info:
        check_file(p5)
    assert info.value.field == "schema_version"


# ---------------------------------------------------------------- mutations of each field
def test_mutation_singular_minor():
    # rows 0 and 1 are dependent: the minor on rows [0, 1] is singular
    rejected(mutate(hand_made(), "lower.rows", [0, 1]), "lower", "singular modulo 7")
    # a prime dividing the determinant (det = -8, p = 2)
    rejected(mutate(hand_made(), "lower.prime", "2"), "lower", "singular modulo 2")


def test_mutation_coefficients_and_scale():
    rejected(mutate(hand_made(), "upper.coefficients.1.2", "11"), "upper", r"first failing row 0")
    rejected(mutate(hand_made(), "upper.scale", "0"), "upper.scale", "nonzero")
    rejected(mutate(hand_made(), "upper.scale", "4"), "upper", "does not prove rank <= 2")
    rejected(mutate(hand_made(), "upper.cols", [0, 2]), "upper")
    rejected(mutate(hand_made(), "upper.coefficients", [["8", "0", "4"]]), "upper.coefficients", "must have 2 rows")
    rejected(mutate(hand_made(), "upper.coefficients.0", ["8", "0"]), "upper.coefficients[0]", "must have 3 entries")
    rejected(mutate(hand_made(), "upper.coefficients.0.0", "1/2"), "upper.coefficients[0][0]", "integer string")
    rejected(mutate(hand_made(), "upper.coefficients.0.0", 8), "upper.coefficients[0][0]", "JSON numbers")
    rejected(mutate(hand_made(), "upper.type", "kernel"), "upper.type", "must be \"trivial\" or \"factorization\"")
    rejected(mutate(hand_made(), "upper", KeyError), "upper", "missing")


def test_mutation_matrix_entry_breaks_the_identity():
    rejected(mutate(hand_made(), "matrix.entries.2.2", "1/3"), "upper", "does not prove rank <= 2")


def test_mutation_wrong_rank():
    c = mutate(hand_made(), "rank", 3)
    rejected(c, "claim", "claim must read")
    c = mutate(c, "claim", "rank A = 3 over Q")
    rejected(c, "lower.rows", "exactly 3 indices")
    c = mutate(mutate(mutate(c, "lower.rows", [0, 1, 2]), "lower.cols", [0, 1, 2]), "upper", {"type": "trivial"})
    rejected(c, "lower", "singular")
    c = mutate(mutate(hand_made(), "rank", 1), "claim", "rank A = 1 over Q")
    rejected(c, "lower.rows", "exactly 1 indices")
    c = mutate(mutate(mutate(c, "lower.rows", [0]), "lower.cols", [0]), "upper", {"type": "trivial"})
    rejected(c, "upper.type", "needs rank == min")
    rejected(mutate(mutate(hand_made(), "rank", 4), "claim", "rank A = 4 over Q"), "rank", "exceeds min")
    rejected(mutate(hand_made(), "rank", -1), "rank", ">= 0")


def test_mutation_composite_or_bad_prime():
    rejected(mutate(hand_made(), "lower.prime", "9"), "lower.prime", "9 is not a prime")
    rejected(mutate(hand_made(), "lower.prime", "1"), "lower.prime", "not a prime")
    rejected(mutate(hand_made(), "lower.prime", "-7"), "lower.prime", "not a prime")
    rejected(mutate(hand_made(), "lower.prime", 7), "lower.prime", "JSON numbers are never accepted")
    rejected(mutate(hand_made(), "lower.prime", "7.0"), "lower.prime", "integer string")


def test_mutation_indices():
    rejected(mutate(hand_made(), "lower.rows", [0, 3]), "lower.rows[1]", "out of range")
    rejected(mutate(hand_made(), "lower.cols", [-1, 0]), "lower.cols[0]", ">= 0")
    rejected(mutate(hand_made(), "lower.cols", [1, 1]), "lower.cols", "distinct")
    rejected(mutate(hand_made(), "lower.rows", [0, 2.0]), "lower.rows[1]", "JSON float")
    rejected(mutate(hand_made(), "lower.rows", [0, True]), "lower.rows[1]", "JSON integer")
    rejected(mutate(hand_made(), "lower.rows", [0, "2"]), "lower.rows[1]", "JSON integer")
    rejected(mutate(hand_made(), "upper.cols", [0, 5]), "upper.cols[1]", "out of range")
    rejected(mutate(hand_made(), "lower.rows", "0,2"), "lower.rows", "JSON array")


def test_mutation_float_json_numbers():
    rejected(mutate(hand_made(), "rank", 2.0), "rank", "JSON float")
    rejected(mutate(hand_made(), "matrix.shape", [3.0, 3]), "matrix.shape[0]", "JSON float")
    rejected(mutate(hand_made(), "matrix.entries.0.1", 2.0), "matrix.entries[0][1]", "JSON numbers")
    rejected(mutate(hand_made(), "matrix.entries.0.1", 2), "matrix.entries[0][1]", "JSON numbers")
    rejected(mutate(hand_made(), "schema_version", 1.0), "schema_version", "JSON float")


@pytest.mark.parametrize("text", ["1/0", "1.5", " 1", "1 ", "+1", "1/-2", "abc", "", "\u0661", "1e3", "--1", "1/2/3"])
def test_mutation_malformed_rational_strings(text):
    rejected(mutate(hand_made(), "matrix.entries.1.1", text), "matrix.entries[1][1]")


def test_mutation_matrix_shape():
    rejected(mutate(hand_made(), "matrix.shape", [3, 4]), "matrix.entries[0]", "must have 4 entries")
    rejected(mutate(hand_made(), "matrix.shape", [2, 3]), "matrix.entries", "must have 2 rows")
    rejected(mutate(hand_made(), "matrix.shape", [3]), "matrix.shape", "rows, cols")
    rejected(mutate(hand_made(), "matrix.entries", {"0": ["1"]}), "matrix.entries", "JSON array")
    rejected(mutate(hand_made(), "matrix", KeyError), "matrix", "missing")


def test_mutation_envelope_and_claim():
    rejected(mutate(hand_made(), "format", "exactnet.network"), "format")
    rejected(mutate(hand_made(), "schema_version", 2), "kind", "version 1")
    rejected(mutate(hand_made(), "kind", "matrix-rnak"), "kind", "unknown certificate kind")
    rejected(mutate(hand_made(), "exactnet_version", 1), "exactnet_version", "string")
    rejected(mutate(hand_made(), "claim", "rank A = 3 over Q"), "claim", "claim must read")
    rejected(mutate(hand_made(), "claim", "rank A >= 2 over Q"), "claim")
    rejected(mutate(hand_made(), "claim", "rank A = 3 = 2 over Q"), "claim")
    rejected(mutate(hand_made(), "claim", 2), "claim", "string")
    rejected(mutate(hand_made(), "field", "GF(7)"), "field", "must be \"Q\"")
    rejected(mutate(hand_made(), "status", "almost-everywhere"), "status")
    lb = mutate(mutate(hand_made(), "status", "lower-bound"), "claim", "rank A >= 2 over Q")
    rejected(lb, "upper", "no upper part")
    assert check_certificate(mutate(lb, "upper", KeyError)).facts["status"] == "lower-bound"
    with pytest.raises(CertificateError, match="must be a JSON object"):
        check_certificate([hand_made()])


def test_nested_path_prefix():
    with pytest.raises(CertificateError) as info:
        _matrix.check_matrix_rank(mutate(hand_made(), "lower.prime", "9"), path="parts[2]")
    assert info.value.field == "parts[2].lower.prime"


# ---------------------------------------------------------------- independence from the prover
@pytest.mark.parametrize("module", ["__init__.py", "_common.py", "_matrix.py"])
def test_checker_imports_nothing_from_exactnet_but_errors(module):
    tree = ast.parse((CHECKER_DIR / module).read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0:
                assert not (node.module or "").startswith("exactnet"), ast.unparse(node)
            elif node.level >= 2:
                assert node.module in ("errors", "kernel", None) and (node.module or all(a.name == "kernel" for a in node.names)), ast.unparse(node)
        elif isinstance(node, ast.Import):
            assert not any(a.name.startswith("exactnet") for a in node.names), ast.unparse(node)
