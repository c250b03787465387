"""Malformed certificates are refused with CertificateError (never a crash, never an unbounded allocation).

Found by mutating valid certificates field by field (formats/CLI audit): a wrong JSON type in a
bundle relation's ``op`` or in the ``asymmetric-entry`` permutation raised TypeError, and a
representation size written as a number (``"M": 10**6``) made the checker build an M x M matrix.
"""

from __future__ import annotations

import copy
import time

import pytest

from exactnet.checker import check_certificate
from exactnet.errors import CertificateError
from exactnet.networks import bentkamp_witness
from exactnet.tensors import Partition
from exactnet.theorems import shallow_rank_bound, shared_shallow_obstruction_certificate
from exactnet.theorems.lower import bentkamp_minor, minor_certificate

ENV = {"format": "exactnet.certificate", "schema_version": 1, "exactnet_version": "0.1.0", "field": "Q"}
COUNT = shallow_rank_bound(2, 2, 15, [0]).to_dict()


@pytest.mark.parametrize("op", [[], {}, ["=="], {"op": "=="}, None, 1])
def test_bundle_op_of_a_wrong_type(op):
    bundle = {**ENV, "kind": "bundle", "claim": "c", "status": "exact", "parts": [COUNT],
              "relations": [{"left": {"ref": "parts[0].bound"}, "op": op, "right": 15}]}
    with pytest.raises(CertificateError, match=r"op must be one of") as info:
        check_certificate(bundle)
    assert info.value.field == "relations[0].op"
    bundle["relations"][0]["op"] = "=="
    assert check_certificate(bundle).kind == "bundle"


@pytest.mark.parametrize("perm", [[1.0, 0.0], [0.0, 1.0], ["", 1], [0, []], [{}, 1], [None, 0], [True, False], [0, 0]])
def test_symmetric_obstruction_permutation_of_a_wrong_type(perm):
    cert = shared_shallow_obstruction_certificate().to_dict()
    assert check_certificate(cert).facts["status"] == "exact"
    cert["evidence"]["permutation"] = perm
    with pytest.raises(CertificateError) as info:
        check_certificate(cert)
    assert info.value.field.startswith("evidence.permutation")


@pytest.mark.parametrize("representation, field", [
    ({"type": "identity", "M": 10**9}, "network.representation.M"),
    ({"type": "monomial", "M": 10**7, "templates": ["0", "1"]}, "network.representation.M"),
])
def test_huge_representation_sizes_are_refused_quickly(representation, field):
    net = bentkamp_witness(4, 2, (2, 1))
    cert = minor_certificate(net, Partition.named("odd-even", 4), 0, *bentkamp_minor(4, 2), 2147483647,
                             "rank [A^0]_{I,J} >= 4 for this weight setting").to_dict()
    bad = copy.deepcopy(cert)
    bad["network"]["representation"] = representation
    start = time.perf_counter()
    with pytest.raises(CertificateError, match=r"the representation matrix would have T x M = .* entries") as info:
        check_certificate(bad)
    assert info.value.field == field and time.perf_counter() - start < 1.0
    assert check_certificate(cert).facts["r"] == 4
