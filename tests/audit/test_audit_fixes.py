"""Tests of the small fixes made during the audit (each would fail without its fix)."""

from __future__ import annotations

import pytest

from exactnet.theorems import lower_bound_certificate
from exactnet.theorems._lower import MINOR_ENTRY_BYTES, bentkamp_minor
from exactnet import ResourceLimitError, bentkamp_witness, dense_limit


def test_witness_minor_is_estimated_before_it_is_built():
    with dense_limit(MINOR_ENTRY_BYTES * 16 * 16):
        assert len(bentkamp_minor(8, 2)[0]) == 16  # 16 x 16 fits exactly
        with pytest.raises(ResourceLimitError, match=r"witness minor r\^\(N/2\) x r\^\(N/2\) \(N=10, r=2\) of shape "
                                                     r"\(32, 32\).* at 80 bytes/entry"):
            bentkamp_minor(10, 2)
    net, minor = bentkamp_witness(4, 3, (3, 1)), bentkamp_minor(4, 3)  # a user-given 9 x 9 minor
    with dense_limit(MINOR_ENTRY_BYTES * 8 * 8):
        with pytest.raises(ResourceLimitError, match=r"witness minor of shape \(9, 9\)"):
            lower_bound_certificate(net, "odd-even", minor=minor)
    assert lower_bound_certificate(net, "odd-even", minor=minor).value == 9
