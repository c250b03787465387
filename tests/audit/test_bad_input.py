"""Acceptance list of the issue, items 2 and 9: every bad input gets a clear error, at the public API.

One test per bad input the issue lists.  Everything is imported from ``exactnet`` (the facade) or
``exactnet.theorems`` (public), never from private modules.  Each ``pytest.raises`` checks the
error's class (a ``TypeError``/``ValueError``/``MemoryError`` subclass from ``exactnet.errors``) and,
with ``match=``, that the message names the argument (or the JSON field) and the offending value.
"""

from __future__ import annotations

import json
import math
import tracemalloc
from fractions import Fraction

import flint
import numpy as np
import pytest
import sympy

import exactnet
from exactnet import (
    CertificateError,
    DeepConvAC,
    FormatError,
    InexactInputError,
    InvalidArgumentError,
    Partition,
    PartitionError,
    PoolingTree,
    QArray,
    Representation,
    ResourceLimitError,
    ShallowConvAC,
    ShapeError,
    as_rational,
    check_certificate,
    check_file,
    cp_to_matricization,
    from_float,
    load_certificate,
    load_network,
    load_tensor,
    matricize,
    rank,
    rank_mod_p,
)
from exactnet.theorems import depth_efficiency_certificate, exact_rank_certificate, generic_rank_certificate

REP2 = Representation.identity(2)
I2 = [[1, 0], [0, 1]]
TREE4 = PoolingTree.binary(4)


def _write(tmp_path, name: str, obj) -> str:
    path = tmp_path / name
    path.write_text(obj if isinstance(obj, str) else json.dumps(obj))
    return str(path)


# =========================================================================== item 2: exact scalars
def test_exact_inputs_are_accepted_at_the_one_coercion_point():
    half = Fraction(1, 2)
    for value in (Fraction(1, 2), flint.fmpq(1, 2), sympy.Rational(1, 2), "1/2", "0.5", " 1/2 ", "5e-1"):
        assert as_rational(value, "x") == half
    for value in (3, flint.fmpz(3), sympy.Integer(3), np.int64(3), "3"):
        assert as_rational(value, "x") == 3
    assert as_rational("-2", "x") == -2 and as_rational("0.125", "x") == Fraction(1, 8)
    assert as_rational("0.1", "x") == Fraction(1, 10)  # decimal strings are exact
    # the documented explicit float import gives the float's exact binary value
    assert from_float(0.1) == Fraction(3602879701896397, 2**55) != Fraction(1, 10)
    assert from_float(np.float64(0.25)) == Fraction(1, 4)


def test_python_float_is_refused_naming_argument_and_value():
    with pytest.raises(InexactInputError, match=r"Argument 'x' must be an exact rational, not 0\.5 \(type=float\)"):
        as_rational(0.5, "x")
    assert issubclass(InexactInputError, TypeError)


def test_numpy_float_is_refused():
    with pytest.raises(InexactInputError, match=r"Argument 'x' must be an exact rational, not np\.float64\(0\.25\)"):
        as_rational(np.float64(0.25), "x")
    with pytest.raises(InexactInputError, match=r"Argument 'x' .* not np\.float32\(0\.5\) \(type=float32\)"):
        as_rational(np.float32(0.5), "x")
    with pytest.raises(InexactInputError, match=r"Argument 'W\[0\]\[0\]' must be an exact rational, not 1\.0"):
        QArray.from_nested(np.array([[1.0, 2.0]]), "W")


def test_nan_is_refused():
    with pytest.raises(InexactInputError, match=r"Argument 'x' must be an exact rational, not nan .*NaN and infinities"):
        as_rational(math.nan, "x")
    with pytest.raises(InvalidArgumentError, match=r"Argument 'x' .* not 'nan' \(type=str\): NaN and infinities"):
        as_rational("nan", "x")
    with pytest.raises(InexactInputError, match="from_float cannot import nan"):
        from_float(math.nan)


def test_infinities_are_refused():
    with pytest.raises(InexactInputError, match=r"Argument 'x' must be an exact rational, not inf"):
        as_rational(math.inf, "x")
    with pytest.raises(InexactInputError, match=r"Argument 'x' must be an exact rational, not -inf"):
        as_rational(-math.inf, "x")
    with pytest.raises(InexactInputError, match=r"Argument 'x' .* not np\.float64\(inf\)"):
        as_rational(np.float64(np.inf), "x")


def test_bool_is_refused():
    with pytest.raises(InexactInputError, match=r"Argument 'b' must be an exact rational, not True \(type=bool\)"):
        as_rational(True, "b")
    with pytest.raises(InexactInputError, match=r"Argument 'b' .* not np\.True_ \(type=bool\)"):
        as_rational(np.bool_(True), "b")
    with pytest.raises(InexactInputError, match=r"Argument 'W\[0\]\[0\]' must be an exact rational, not True"):
        QArray.from_nested([[True, 1]], "W")


@pytest.mark.parametrize("text", ["abc", "1/2/3", "", "1/0", "0x10", "1_000", "3/4.5"])
def test_malformed_string_is_refused(text):
    with pytest.raises(InvalidArgumentError, match=rf"Argument 'x' must be a rational string .* not {text!r}"):
        as_rational(text, "x")
    assert issubclass(InvalidArgumentError, ValueError)


# ======================================================= item 9: floats in every place a number enters
def test_float_in_deep_convac_from_weights():
    with pytest.raises(InexactInputError, match=r"Argument 'leaf_weights\[3\]\[0\]\[1\]' .* not 0\.5"):
        DeepConvAC.from_weights(TREE4, REP2, [I2, I2, I2, [[1, 0.5], [0, 1]]], [I2, I2], [[1, 1]])
    with pytest.raises(InexactInputError, match=r"Argument 'node_weights\[1\]\[0\]\[1\]' .* not np\.float64\(0\.5\)"):
        DeepConvAC.from_weights(TREE4, REP2, [I2] * 4, [I2, [[1, np.float64(0.5)], [0, 1]]], [[1, 1]])
    with pytest.raises(InexactInputError, match=r"Argument 'output_weights\[0\]\[1\]' .* not nan"):
        DeepConvAC.from_weights(TREE4, REP2, [I2] * 4, [I2, I2], [[1, math.nan]])
    with pytest.raises(InexactInputError, match=r"Argument 'leaf_weights\[0\]\[1\]' .* not 0\.5"):
        DeepConvAC.from_weights(TREE4, REP2, [[1, 0.5], [0, 1]], [I2], [[1, 1]], shared=True)


def test_float_in_shallow_convac_weights():
    with pytest.raises(InexactInputError, match=r"Argument 'weights\[1\]\[0\]\[0\]' .* not 0\.25"):
        ShallowConvAC.from_weights(2, REP2, [[[1, 0]], [[0.25, 0]]], [[1]])
    with pytest.raises(InexactInputError, match=r"Argument 'weights\[0\]\[1\]' .* not 0\.5"):
        ShallowConvAC.from_weights(2, REP2, [[1, 0.5]], [[1]], shared=True)
    with pytest.raises(InexactInputError, match=r"Argument 'output_weights\[0\]\[0\]' .* not inf"):
        ShallowConvAC.from_weights(2, REP2, [[[1, 0]], [[1, 0]]], [[math.inf]])


def test_float_in_representation_from_matrix():
    with pytest.raises(InexactInputError, match=r"Argument 'F\[0\]\[1\]' must be an exact rational, not 0\.5"):
        Representation.from_matrix([[1, 0.5]])


def test_float_in_representation_monomials():
    with pytest.raises(InexactInputError, match=r"Argument 'templates\[1\]' must be an exact rational, not 0\.5"):
        Representation.monomials([0, 0.5], 3)
    with pytest.raises(InexactInputError, match=r"Argument 'M' must be an exact rational, not 3\.0"):
        Representation.monomials([0, 1], 3.0)


def test_float_in_representation_relu():
    with pytest.raises(InexactInputError, match=r"Argument 'weights\[0\]\[0\]' .* not 0\.5"):
        Representation.relu([[0.5]], [0], [[1]])
    with pytest.raises(InexactInputError, match=r"Argument 'biases\[0\]' .* not 0\.5"):
        Representation.relu([[1]], [0.5], [[1]])
    with pytest.raises(InexactInputError, match=r"Argument 'templates\[0\]\[0\]' .* not 0\.5"):
        Representation.relu([[1]], [0], [[0.5]])


def test_float_in_qarray_from_nested():
    with pytest.raises(InexactInputError, match=r"Argument 'A\[1\]\[0\]' must be an exact rational, not 0\.1"):
        QArray.from_nested([[1, 2], [0.1, 3]], "A")


def test_float_in_rank():
    with pytest.raises(InexactInputError, match=r"Argument 'A\[0\]\[1\]' must be an exact rational, not 0\.5"):
        rank([[1, 0.5]])
    with pytest.raises(InexactInputError, match=r"Argument 'X\[0\]\[0\]' .* not 1\.0"):
        rank(np.array([[1.0, 2.0], [3.0, 4.0]]), name="X")
    with pytest.raises(InexactInputError, match=r"Argument 'p' must be an exact rational, not 7\.0"):
        rank_mod_p([[1]], 7.0)


def test_float_partition_in_matricize():
    A = QArray.from_integers(np.arange(16).reshape(2, 2, 2, 2))
    with pytest.raises(PartitionError, match=r"Argument 'rows' must hold 0-based mode indices .* not 0\.0 \(type=float\)"):
        matricize(A, [0.0, 2.0])
    with pytest.raises(PartitionError, match=r"Argument 'rows' .* not np\.float64\(0\.0\)"):
        matricize(A, np.array([0.0, 2.0]))
    with pytest.raises(PartitionError, match=r"Argument 'cols' must hold 0-based mode indices .* not 3\.0"):
        matricize(A, [0, 1], [2, 3.0])
    with pytest.raises(InvalidArgumentError, match=r"Argument 'num_modes' must be an int >= 1, not 4\.0"):
        Partition.from_rows([0], 4.0)


def test_float_integer_parameters():
    with pytest.raises(InexactInputError, match=r"Argument 'N' must be an exact rational, not 2\.0"):
        ShallowConvAC.random(2.0, 2, 1)
    with pytest.raises(InexactInputError, match=r"Argument 'widths\[0\]' must be an exact rational, not 2\.0"):
        DeepConvAC.random(TREE4, 2, (2.0, 2))
    with pytest.raises(InvalidArgumentError, match=r"Argument 'windows' must be an int >= 2 .* not 2\.0"):
        PoolingTree.from_windows(4, 2.0)


def test_float_in_network_json_file(tmp_path):
    obj = DeepConvAC.random(TREE4, 2, (2, 2)).to_dict()
    obj["leaf_weights"][1][0][1] = 0.5
    with pytest.raises(FormatError, match=r"leaf_weights\[1\]\[0\]\[1\]: .*not the JSON float 0\.5"):
        load_network(_write(tmp_path, "net.json", obj))
    text = json.dumps(DeepConvAC.random(TREE4, 2, (2, 2)).to_dict()).replace('"output_weights": [["', '"output_weights": [[NaN, "')
    with pytest.raises(FormatError, match="the JSON constant NaN"):
        load_network(_write(tmp_path, "nan.json", text))
    obj = ShallowConvAC.random(3, 2, 2).to_dict()
    obj["num_inputs"] = 3.0
    with pytest.raises(FormatError, match=r"num_inputs: must be an integer, not 3\.0"):
        load_network(_write(tmp_path, "shallow.json", obj))


def test_float_in_tensor_json_file(tmp_path):
    obj = {"format": "exactnet.tensor", "schema_version": 1, "shape": [2, 2], "entries": [["1", 0.5], ["0", "3"]]}
    with pytest.raises(FormatError, match=r"entries\[0\]\[1\]: .*not the JSON float 0\.5"):
        load_tensor(_write(tmp_path, "t.json", obj))
    obj = {"format": "exactnet.tensor", "schema_version": 1, "shape": [2.0, 2], "entries": [["1", "0"], ["0", "3"]]}
    with pytest.raises(FormatError, match=r"shape\[0\]: must be an integer, not 2\.0"):
        load_tensor(_write(tmp_path, "t2.json", obj))


def test_float_in_certificate_json(tmp_path):
    cert = rank([[1, 2], [2, 4]]).certificate.to_dict()
    cert["evidence"]["rows"][0] = 0.0
    with pytest.raises(CertificateError, match=r"0\.0.*field 'evidence\.rows\[0\]'"):
        check_certificate(cert)
    path = _write(tmp_path, "c.json", cert)
    with pytest.raises(CertificateError, match=r"JSON float 0\.0 .*field 'evidence\.rows\[0\]'"):
        check_file(path)
    with pytest.raises((FormatError, CertificateError), match=r"JSON (number|float) 0\.0"):
        load_certificate(path)
    cert = rank([[1, 2], [2, 4]]).certificate.to_dict()
    cert["proposition"]["value"] = 1.0
    with pytest.raises(CertificateError, match=r"must be a JSON integer >= 0, not 1\.0 .*field 'proposition\.value'"):
        check_certificate(cert)


# =================================================================================== shape mismatches
def test_shape_mismatch_deep_weights():
    with pytest.raises(ShapeError, match=r"Argument 'leaf_weights\[3\]' must have shape \(2, 2\), not \(2, 3\)"):
        DeepConvAC.from_weights(TREE4, REP2, [I2] * 3 + [[[1, 0, 0], [0, 1, 0]]], [I2, I2], [[1, 1]])
    with pytest.raises(ShapeError, match=r"Argument 'leaf_weights' must hold 4 matrices .* not 3"):
        DeepConvAC.from_weights(TREE4, REP2, [I2] * 3, [I2, I2], [[1, 1]])
    with pytest.raises(ShapeError, match=r"Argument 'output_weights' must have shape \(1, 2\), not \(1, 3\)"):
        DeepConvAC.from_weights(TREE4, REP2, [I2] * 4, [I2, I2], [[1, 1, 1]])


def test_shape_mismatch_shallow_weights():
    with pytest.raises(ShapeError, match=r"Argument 'weights\[1\]' must have shape \(1, 2\), not \(2, 2\)"):
        ShallowConvAC.from_weights(2, REP2, [[[1, 0]], [[1, 0], [0, 1]]], [[1]])


def test_shape_mismatch_ragged_and_non_matrix():
    with pytest.raises(ShapeError, match="Argument 'W' must be a rectangular array; it is ragged"):
        QArray.from_nested([[1, 2], [3]], "W")
    with pytest.raises(ShapeError, match=r"Argument 'A' must be a 2-D matrix, not an array of shape \(2,\)"):
        rank([1, 2])
    with pytest.raises(ShapeError, match=r"Argument 'U' must have shape \(J, 2\) to act on mode 0"):
        exactnet.mode_product(QArray.from_integers(np.ones((2, 2), dtype=np.int64)), [[1, 2, 3]], 0)


def test_shape_mismatch_in_network_json(tmp_path):
    obj = DeepConvAC.random(TREE4, 2, (2, 2)).to_dict()
    obj["leaf_weights"][0] = [["1", "0", "0"], ["0", "1", "0"]]
    with pytest.raises(FormatError, match=r"leaf_weights\[0\]: must have shape \(2, 2\), not \(2, 3\)"):
        load_network(_write(tmp_path, "net.json", obj))
    obj = {"format": "exactnet.tensor", "schema_version": 1, "shape": [2, 3], "entries": [["1", "0"], ["0", "3"]]}
    with pytest.raises(FormatError, match=r"entries: must have shape \(2, 3\), not \(2, 2\)"):
        load_tensor(_write(tmp_path, "t.json", obj))


# ========================================================================================= partitions
def test_partition_that_overlaps():
    A = QArray.from_integers(np.arange(16).reshape(2, 2, 2, 2))
    with pytest.raises(PartitionError, match="Argument 'rows' must not overlap 'cols'; mode 1 is in both"):
        matricize(A, [0, 1], [1, 2, 3])
    with pytest.raises(PartitionError, match="Argument 'rows' lists mode 0 twice"):
        matricize(A, [0, 0])


def test_partition_that_misses_a_mode():
    A = QArray.from_integers(np.arange(16).reshape(2, 2, 2, 2))
    with pytest.raises(PartitionError, match="must together cover every mode 0..3 \\(0-based\\); mode 2 is in neither"):
        matricize(A, [0, 1], [3])
    with pytest.raises(PartitionError, match="Argument 'cols' must not be empty"):
        matricize(A, [0, 1, 2, 3])


def test_partition_that_names_a_mode_out_of_range():
    A = QArray.from_integers(np.arange(16).reshape(2, 2, 2, 2))
    with pytest.raises(PartitionError, match=r"0-based mode indices in 0..3 \(N=4\), not 4 .*1-based mode k is mode k-1"):
        matricize(A, [0, 4])
    with pytest.raises(PartitionError, match=r"not -1 in \[-1, 0\]"):
        matricize(A, [-1, 0])
    with pytest.raises(PartitionError, match="is a partition of 6 modes, but the tensor has 4 modes"):
        matricize(A, Partition.named("odd-even", 6))
    cert = rank([[1]]).certificate.to_dict()  # and in a certificate: the checker names the field
    net_cert = exact_rank_certificate(exactnet.bentkamp_witness(4, 2, (2, 1)), "odd-even").certificate.to_dict()
    net_cert["proposition"]["object"]["rows"] = [0, 4]
    with pytest.raises(CertificateError, match=r"index 4 is out of range.*field 'proposition\.object\.rows\[1\]'"):
        check_certificate(net_cert)
    assert check_certificate(cert)


# ============================================================================================== trees
def test_tree_with_a_missing_leaf():
    with pytest.raises(ShapeError, match=r"Argument 'tree' must contain every mode 0..4 \(0-based\) exactly once; mode 3 is missing"):
        PoolingTree.from_nested([[0, 1], [2, 4]], N=5)
    with pytest.raises(ShapeError, match="mode 2 is missing"):
        DeepConvAC.random([[0, 1], [3, 4]], 2, (2, 2))
    obj = DeepConvAC.random(TREE4, 2, (2, 2)).to_dict()
    obj["tree"] = [[0, 1], [2, 5]]  # in a network file: mode 3 is not a leaf, 5 is out of range
    with pytest.raises(FormatError, match=r"tree: not a valid pooling tree over modes 0..3: .*'tree\[1\]\[1\]'.* not 5"):
        exactnet.networks.network_from_dict(obj)


def test_tree_with_a_duplicated_leaf():
    with pytest.raises(ShapeError, match=r"mode 1 appears twice \(at 'tree\[0\]\[1\]' and 'tree\[1\]\[0\]'\)"):
        PoolingTree.from_nested([[0, 1], [1, 2]])
    with pytest.raises(ShapeError, match="mode 1 appears twice"):
        DeepConvAC.random([[0, 1], [1, 2]], 2, (2, 2))
    obj = DeepConvAC.random(TREE4, 2, (2, 2)).to_dict()
    obj["tree"] = [[0, 1], [2, 2]]
    with pytest.raises(FormatError, match=r"tree: .*mode 2 appears twice"):
        exactnet.networks.network_from_dict(obj)


def test_tree_with_a_single_child_node_or_bad_leaf():
    with pytest.raises(ShapeError, match=r"Argument 'tree\[0\]' is an internal node with a single child"):
        PoolingTree.from_nested([[0], [1, 2]])
    with pytest.raises(ShapeError, match=r"Argument 'tree\[0\]\[1\]' must be a mode index .* not 1\.0 \(type=float\)"):
        PoolingTree.from_nested([[0, 1.0], [2, 3]])


# ============================================================================================= widths
def test_widths_below_one():
    with pytest.raises(InvalidArgumentError, match=r"Argument 'widths\[1\]' must be an integer >= 1, not 0"):
        DeepConvAC.random(TREE4, 2, (2, 0))
    with pytest.raises(InvalidArgumentError, match=r"Argument 'widths\[0\]' must be an integer >= 1, not -1"):
        DeepConvAC.from_windows(4, 2, (-1, 2))
    with pytest.raises(InvalidArgumentError, match=r"Argument 'Z' must be an integer >= 1, not 0"):
        ShallowConvAC.random(2, 2, 0)
    with pytest.raises(InvalidArgumentError, match=r"Argument 'widths\[0\]' must be an integer >= 1, not 0"):
        depth_efficiency_certificate(4, 2, (0, 1))
    with pytest.raises(ShapeError, match=r"Argument 'leaf_weights\[0\]' must have at least one row and one column"):
        DeepConvAC.from_weights(TREE4, REP2, [np.zeros((0, 2), dtype=np.int64)] * 4,
                                [np.zeros((0, 0), dtype=np.int64)] * 2, np.zeros((1, 0), dtype=np.int64))
    with pytest.raises(InvalidArgumentError, match=r"Argument 'M' must be an integer >= 1, not 0"):
        Representation.identity(0)


# =========================================================================== work too large for memory
def _refused_cheaply(call, *patterns):
    """``call`` raises ResourceLimitError (a MemoryError) with the estimate and a way out, allocating < 16 MB."""
    tracemalloc.start()
    try:
        with pytest.raises(ResourceLimitError) as info:
            call()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    msg = str(info.value)
    assert "Refusing to build" in msg and "bytes" in msg and "above the dense-size limit" in msg
    assert "Ways out:" in msg and "set_dense_limit" in msg
    for pattern in patterns:
        assert pattern in msg, (pattern, msg)
    assert isinstance(info.value, MemoryError)
    assert peak < 16 * 2**20, f"allocated {peak} bytes before refusing"
    return msg


def test_grid_tensor_n64_m4_refused_before_allocating():
    net = DeepConvAC.from_windows(64, 4, 2)
    _refused_cheaply(net.grid_tensor, "4^64 = 3.4e38 entries", "(65 modes)")  # (Y, 4, ..., 4)
    _refused_cheaply(lambda: net.grid_tensor(output=0), "4^64 = 3.4e38 entries", "(64 modes)")
    _refused_cheaply(lambda: net.grid_tensor(method="evaluation"), "evaluation route", "4^64*2 = 6.8e38 entries")
    shallow = ShallowConvAC.random(64, 4, 3)
    _refused_cheaply(lambda: shallow.grid_tensor(output=0), "4^64 = 3.4e38 entries")


def test_huge_matricization_refused_before_allocating():
    cp = ShallowConvAC.random(64, 4, 3).decomposition()
    _refused_cheaply(lambda: cp_to_matricization(cp, "odd-even", output=0), "dense matricization", "^2 = 3.4e38")
    with exactnet.dense_limit("1KiB"):  # a small tensor under a small limit: the same refusal
        _refused_cheaply(lambda: DeepConvAC.from_windows(8, 2, 1).grid_tensor(), "2^8 = 256 entries")


def test_rank_paths_on_huge_networks_refused_before_allocating():
    net = DeepConvAC.from_windows(64, 4, 2)
    _refused_cheaply(lambda: exact_rank_certificate(net, "odd-even"), "4^64")
    _refused_cheaply(lambda: exactnet.theorems.lower_bound_certificate(net, "odd-even"), "4^64")


def test_theorem_certificates_for_huge_instances_refused_before_allocating():
    # Theorem 1 for N=64, M=4, r=2: Bentkamp's minor is 2^32 x 2^32 (it used to exhaust the memory)
    _refused_cheaply(lambda: depth_efficiency_certificate(64, 4, 2), "witness minor", "(4294967296, 4294967296)")
    _refused_cheaply(lambda: generic_rank_certificate(PoolingTree.binary(32), 2, 2, "odd-even"), "65536^2")
    _refused_cheaply(lambda: exactnet.low_high_certificate(64, 4, 2), "4^64")
