"""shallow_cp_certificate never returns a certificate the independent checker rejects.

Audit finding: ``shallow_cp_certificate(4, 2, 3)`` and ``shallow_cp_certificate(4, 3, 5, seed=1)``
returned certificates the checker refused ("upper bound differs from lower bound"): the random witness can
have a zero output weight or dependent leaf vectors, so its rank is below Z.  Now a deficient random
draw is replaced by :func:`shallow_full_rank_witness` (rank Z by construction), Z above
``min(M^|I|, M^|J|)`` is refused (the generic rank is then that minimum, not Z).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from exactnet.checker import check_certificate
from exactnet.core.linalg import rank as exact_rank
from exactnet.errors import DomainError
from exactnet.networks import ShallowConvAC
from exactnet.networks.circuits import to_circuit
from exactnet.tensors import Partition, matricize
from exactnet.theorems._provers import shallow_cp_certificate, shallow_full_rank_witness


def _witness_circuit(cert) -> dict:
    """The circuit of the witness network (premise 0: the generic lower bound lifted from its minor)."""
    return cert.evidence["premises"][0]["evidence"]["premises"][0]["proposition"]["object"]["circuit"]


def _rank(net, rows) -> int:
    return exact_rank(matricize(net.grid_tensor(output=0), Partition.from_rows(rows, net.N))).rank


@pytest.mark.parametrize("args, kwargs, random_rank", [((4, 2, 3), {}, 2), ((4, 3, 5), {"seed": 1}, 4)])
def test_the_audit_cases_are_valid(args, kwargs, random_rank):
    N, M, Z = args
    assert _rank(ShallowConvAC.random(N, M, Z, seed=kwargs.get("seed", 0)), [0, 2]) == random_rank < Z
    cert = shallow_cp_certificate(*args, **kwargs)
    facts = check_certificate(cert.to_dict()).facts
    assert (facts["value"], facts["status"]) == (Z, "almost-everywhere")
    assert _witness_circuit(cert) == to_circuit(shallow_full_rank_witness(N, M, Z, [0, 2])).source


def test_a_full_rank_random_draw_is_kept():
    cert = shallow_cp_certificate(4, 3, 5, seed=0)
    assert _witness_circuit(cert) == to_circuit(ShallowConvAC.random(4, 3, 5, seed=0)).source


@pytest.mark.parametrize("N, M, Z, rows", [(4, 2, 4, [0, 2]), (3, 3, 3, [1]), (5, 2, 4, [0, 3]), (2, 1, 1, [0])])
def test_full_rank_witness_reaches_z(N, M, Z, rows):
    net = shallow_full_rank_witness(N, M, Z, rows)
    assert _rank(net, rows) == Z and net.Z == Z and not net.shared


def test_z_above_the_matrix_size_is_refused():
    with pytest.raises(DomainError, match=r"Argument 'Z' must be <= min\(M\^\|I\|, M\^\|J\|\) = 2 for this "
                                          r"partition, not 3: the matricization is 2 x 4"):
        shallow_cp_certificate(3, 2, 3, [0])
    with pytest.raises(DomainError, match=r"Argument 'Z' must be <= min\(M\^\|I\|, M\^\|J\|\) = 4 for a rank-Z "
                                          r"matricization, not 5"):
        shallow_full_rank_witness(4, 2, 5, [0, 2])
    with pytest.raises(Exception, match=r"Argument 'seed' must be an int, not 1.5"):
        shallow_cp_certificate(4, 2, 3, seed=1.5)


@st.composite
def _instances(draw):
    N = draw(st.integers(2, 4))
    M = draw(st.integers(1, 3))
    rows = draw(st.lists(st.integers(0, N - 1), min_size=1, max_size=N - 1, unique=True).map(sorted))
    cap = min(M ** len(rows), M ** (N - len(rows)))
    Z = draw(st.integers(1, min(cap, 6) + 1))  # sometimes one above the cap: must be refused
    return N, M, Z, rows, draw(st.integers(0, 40))


@settings(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(_instances())
def test_shallow_cp_certificate_is_always_valid(inst):
    N, M, Z, rows, seed = inst
    cap = min(M ** len(rows), M ** (N - len(rows)))
    if Z > cap:
        with pytest.raises(DomainError, match="generic rank is"):
            shallow_cp_certificate(N, M, Z, rows, seed=seed)
        return
    cert = shallow_cp_certificate(N, M, Z, rows, seed=seed)
    facts = check_certificate(cert.to_dict()).facts  # the independent checker, on the JSON form
    assert facts["value"] == Z and cert.proposition["object"]["rows"] == rows
