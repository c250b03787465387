"""Tests of the small fixes made during the audit (each would fail without its fix)."""

from __future__ import annotations

import copy

import pytest

from exactnet import CertificateError, check_certificate
from exactnet.checker import _common, _network
from exactnet.theorems import lower_bound_certificate
from exactnet.theorems.lower import MINOR_ENTRY_BYTES, bentkamp_minor
from exactnet import ResourceLimitError, bentkamp_witness, dense_limit


def _bundle():
    from exactnet.theorems import shallow_rank_bound

    parts = [shallow_rank_bound(2, 2, 3, [0]).to_dict(), shallow_rank_bound(2, 2, 3, [0]).to_dict()]
    return {"format": "exactnet.certificate", "schema_version": 1, "exactnet_version": "0", "kind": "bundle",
            "claim": "the bounds are equal", "field": "Q", "status": "exact", "parts": parts,
            "relations": [{"left": {"ref": "parts[0].bound"}, "op": "==", "right": {"ref": "parts[1].bound"}},
                          {"left": {"ref": "parts[0].partition"}, "op": "same", "right": {"ref": "parts[1].partition"}}]}


@pytest.mark.parametrize("side", ["same", "number"])
def test_bundle_references_are_resolved_by_one_helper(side):
    """Both relation kinds (``same`` and numeric) resolve ``{"ref": ...}`` the same way, with the same errors."""
    cert = _bundle()
    check_certificate(cert)
    k = 1 if side == "same" else 0  # relations[1] is a "same", relations[0] an "=="
    assert (cert["relations"][k]["op"] == "same") == (side == "same")
    for ref, msg in (("parts[9].bound", "there is no part 9 \\(the bundle has 2\\)"),
                     ("parts[0].nothing", "part 0 proved no value named 'nothing'"),
                     ("bound", "a reference looks like \"parts\\[0\\].bound\", not 'bound'")):
        bad = copy.deepcopy(cert)
        bad["relations"][k]["left"] = {"ref": ref}
        with pytest.raises(CertificateError, match=msg) as info:
            check_certificate(bad)
        assert info.value.field == f"relations[{k}].left"


def test_the_checker_has_one_plain_determinant():
    assert _network.det_mod_p is _common.det_mod_p
    assert _network.det_mod_p([[1, 2], [3, 4]], 7) == 5 and _network.det_mod_p([[1, 2], [2, 4]], 7) == 0


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
