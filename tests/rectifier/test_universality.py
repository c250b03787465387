"""Universality of ReLU + max pooling: every realization is re-evaluated (C's checker and an independent oracle)."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from exactnet.core.qarray import QArray
from exactnet.errors import DomainError, InexactInputError, ShapeError
from exactnet.networks import Representation
from exactnet.networks.rectifier import relu_templates
from exactnet.theorems.rectifier import realize_deep_max, realize_shallow_max

rationals = st.fractions(min_value=-3, max_value=3, max_denominator=4)


def _targets(N: int, M: int):
    return st.lists(rationals, min_size=M ** N, max_size=M ** N).map(
        lambda xs: np.array(xs, dtype=object).reshape((M,) * N).tolist())


def _rebuild(cert):
    from exactnet.networks.rectifier import from_explicit_form

    return from_explicit_form(cert.to_dict()["proposition"]["object"]["network"])


def _width(cert) -> int:
    return len(cert.to_dict()["proposition"]["object"]["network"]["leaf_weights"][0])


def _oracle(net, indices):
    """Independent evaluation: the network's own per-tuple forward pass."""
    return net.evaluate_templates(indices)[0]


@settings(deadline=None, max_examples=15)
@given(_targets(2, 3))
def test_shallow_max_realizes_any_target(target):
    cert = realize_shallow_max(target)
    assert cert.check().proposition.quantity == "realizes"
    net = _rebuild(cert)
    assert net.operator.name == "relu-max"
    for d in itertools.product(range(3), repeat=2):
        assert _oracle(net, d) == Fraction(target[d[0]][d[1]])
    assert _width(cert) == sum(1 for row in target for x in row if x != 0) + 1 <= 3 ** 2 + 1


@settings(deadline=None, max_examples=8)
@given(_targets(4, 2), st.sampled_from([None, [[0, 1], [2, 3]], [[0, 1, 2], 3], [0, [1, 2, 3]]]))
def test_deep_max_realizes_any_target_over_any_tree(target, tree):
    cert = realize_deep_max(target, tree=tree)
    assert cert.is_valid() and cert.to_dict()["proposition"]["object"]["network"]["tree"] == (tree or [[0, 1], [2, 3]])
    net = _rebuild(cert)
    A = np.array(target, dtype=object)
    for d in itertools.product(range(2), repeat=4):
        assert _oracle(net, d) == Fraction(A[d])


def test_invertible_relu_templates_solve_F_a_exactly():
    rep, F, det = relu_templates([0, 1, 2], epsilon="1/2")
    assert det == Fraction(1, 8)
    target = [[1, "-1/2", 0], [2, 0, 0], [0, 0, 7]]
    for cert in (realize_shallow_max(target, representation=rep), realize_deep_max(target, representation=rep)):
        assert cert.is_valid()
        net = _rebuild(cert)
        assert net.grid_tensor(output=0) == QArray.from_nested(target)
        assert net.grid_tensor(method="evaluation", output=0) == QArray.from_nested(target)


def test_the_all_zero_target_and_the_general_width():
    cert = realize_shallow_max([[0, 0], [0, 0]])
    assert cert.is_valid() and _width(cert) == 1


def test_corrupted_realization_is_rejected():
    cert = realize_shallow_max([[1, 2], [3, 4]]).to_dict()
    cert["proposition"]["object"]["target"]["entries"][1][1] = "5"
    from exactnet.checker import check_certificate
    from exactnet.errors import CertificateError

    with pytest.raises(CertificateError, match="target.entries"):
        check_certificate(cert)


def test_bad_targets_are_refused():
    with pytest.raises(ShapeError, match="Argument 'target' must be a grid tensor with all N modes of the same size"):
        realize_shallow_max([[1, 2, 3], [4, 5, 6]])
    with pytest.raises(ShapeError, match="order N >= 2"):
        realize_shallow_max([1, 2])
    with pytest.raises(ShapeError, match="one mode per leaf of the tree"):
        realize_deep_max([[1, 2], [3, 4]], tree=[[0, 1], 2])
    with pytest.raises(ShapeError, match="mode size T = 3"):
        realize_shallow_max([[1, 2], [3, 4]], representation=Representation.identity(3))
    with pytest.raises(InexactInputError, match="target"):
        realize_shallow_max([[0.5, 1], [1, 1]])


def test_singular_representation_is_refused():
    with pytest.raises(DomainError, match="invertible F"):
        realize_shallow_max([[1, 2], [3, 4]], representation=Representation.from_matrix([[1, 2], [2, 4]]))
    with pytest.raises(DomainError, match="invertible"):
        realize_shallow_max([[1, 2], [3, 4]], representation=Representation.from_matrix([[1], [2]]))


def test_too_wide_a_realization_is_refused():
    from exactnet.errors import ResourceLimitError

    A = np.ones((2,) * 11, dtype=np.int64)
    with pytest.raises(ResourceLimitError, match="width 2049"):
        realize_shallow_max(A.tolist())
