"""Malformed certificates are refused with CertificateError (never a crash).

Found by mutating valid certificates field by field: a wrong JSON type in the ``asymmetric-entry``
permutation raised TypeError.
"""

from __future__ import annotations

import pytest

from exactnet.checker import check_certificate
from exactnet.errors import CertificateError
from exactnet.theorems import shared_shallow_obstruction_certificate


@pytest.mark.parametrize("perm", [[1.0, 0.0], [0.0, 1.0], ["", 1], [0, []], [{}, 1], [None, 0], [True, False], [0, 0]])
def test_symmetric_obstruction_permutation_of_a_wrong_type(perm):
    cert = shared_shallow_obstruction_certificate().to_dict()
    assert check_certificate(cert).facts["status"] == "exact"
    cert["evidence"]["permutation"] = perm
    with pytest.raises(CertificateError) as info:
        check_certificate(cert)
    assert info.value.field.startswith("evidence.permutation")
