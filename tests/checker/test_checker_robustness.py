"""Malformed certificates are refused with CertificateError (never a crash, never an unbounded allocation).

Found by mutating valid certificates field by field (formats/CLI audit): a wrong JSON type in a
bundle relation's ``op`` or in a symmetric-obstruction ``permutation`` raised TypeError, and a
representation size written as a number (``"M": 10**6``) made the checker build an M x M matrix.
"""

from __future__ import annotations

import copy
import time

import pytest

from exactnet.checker import check_certificate
from exactnet.errors import CertificateError
from exactnet.networks import bentkamp_witness
from exactnet.theorems import exact_rank_certificate, shared_shallow_obstruction_certificate

ENV = {"format": "exactnet.certificate", "schema_version": 1, "exactnet_version": "0.1.0", "field": "Q"}
COUNT = {**ENV, "kind": "parameter-count", "claim": "15 weights", "status": "exact", "count": 15,
         "architecture": {"kind": "shallow-convac", "num_inputs": 2, "M": 2, "Z": 3, "shared": False}}


@pytest.mark.parametrize("op", [[], {}, ["=="], {"op": "=="}, None, 1])
def test_bundle_op_of_a_wrong_type(op):
    bundle = {**ENV, "kind": "bundle", "claim": "c", "status": "exact", "parts": [COUNT],
              "relations": [{"left": {"ref": "parts[0].count"}, "op": op, "right": 15}]}
    with pytest.raises(CertificateError, match=r"op must be one of") as info:
        check_certificate(bundle)
    assert info.value.field == "relations[0].op"
    bundle["relations"][0]["op"] = "=="
    assert check_certificate(bundle).kind == "bundle"


@pytest.mark.parametrize("perm", [[1.0, 0.0], [0.0, 1.0], ["", 1], [0, []], [{}, 1], [None, 0], [True, False], [0, 0]])
def test_symmetric_obstruction_permutation_of_a_wrong_type(perm):
    cert = shared_shallow_obstruction_certificate().to_dict()
    assert check_certificate(cert).facts["not_symmetric"] is True
    cert["permutation"] = perm
    with pytest.raises(CertificateError, match=r"must be a permutation of the 0-based modes 0\.\.1") as info:
        check_certificate(cert)
    assert info.value.field == "permutation"


@pytest.mark.parametrize("representation, field", [
    ({"type": "identity", "M": 10**9}, "network.representation.M"),
    ({"type": "monomial", "M": 10**7, "templates": ["0", "1"]}, "network.representation.M"),
])
def test_huge_representation_sizes_are_refused_quickly(representation, field):
    cert = exact_rank_certificate(bentkamp_witness(4, 2, (2, 1)), "odd-even")[1].to_dict()
    bad = copy.deepcopy(cert)
    bad["network"]["representation"] = representation
    start = time.perf_counter()
    with pytest.raises(CertificateError, match=r"the representation matrix would have T x M = .* entries") as info:
        check_certificate(bad)
    assert info.value.field == field and time.perf_counter() - start < 1.0
    assert check_certificate(cert).facts["rank"] == 4
