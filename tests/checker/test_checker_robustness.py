"""Malformed certificates are refused with CertificateError (never a crash, never an unbounded allocation).

Found by mutating valid certificates field by field: a wrong JSON type in the ``asymmetric-entry``
permutation raised TypeError; a matrix size written as a number must not be allocated.
"""

from __future__ import annotations

import copy
import time

import pytest

from exactnet.checker import check_certificate
from exactnet.errors import CertificateError
from exactnet.networks import bentkamp_witness
from exactnet.theorems import lower_bound_certificate, shared_shallow_obstruction_certificate


@pytest.mark.parametrize("perm", [[1.0, 0.0], [0.0, 1.0], ["", 1], [0, []], [{}, 1], [None, 0], [True, False], [0, 0]])
def test_symmetric_obstruction_permutation_of_a_wrong_type(perm):
    cert = shared_shallow_obstruction_certificate().to_dict()
    assert check_certificate(cert).facts["status"] == "exact"
    cert["evidence"]["permutation"] = perm
    with pytest.raises(CertificateError) as info:
        check_certificate(cert)
    assert info.value.field.startswith("evidence.permutation")


@pytest.mark.parametrize("shape", [[10**9, 2], [2, 10**9], [10**6, 10**6]])
def test_huge_template_matrix_sizes_are_refused_quickly(shape):
    """A matrix size written as a number must not make the kernel allocate it: refused before any work."""
    cert = lower_bound_certificate(bentkamp_witness(4, 2, (2, 1)), "odd-even").to_dict()
    assert check_certificate(copy.deepcopy(cert)).verdict == "valid"
    cert["proposition"]["object"]["circuit"]["inputs"][0]["templates"]["shape"] = shape
    start = time.perf_counter()
    with pytest.raises(CertificateError, match=r"must hold \d+ integer strings") as info:
        check_certificate(cert)
    assert info.value.field == "proposition.object.circuit.inputs[0].templates.numerators"
    assert time.perf_counter() - start < 1.0
