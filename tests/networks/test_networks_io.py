"""JSON formats of networks and tensors: round trips, files (.json / .json.gz), FormatError paths."""

from __future__ import annotations

import copy
import gzip
import json

import pytest

from exactnet.core.qarray import QArray
from exactnet.errors import FormatError, InexactInputError, InvalidArgumentError
from exactnet.networks import (
    DeepConvAC,
    Representation,
    ShallowConvAC,
    bentkamp_witness,
    load_json,
    load_network,
    load_tensor,
    network_from_dict,
    network_to_dict,
    relu_templates,
    save_json,
    tensor_from_dict,
    tensor_to_dict,
)
from exactnet.tensors import PoolingTree


def deep_unshared() -> DeepConvAC:
    rep = Representation.monomials(["0", "1/2", "3"], 3)
    return DeepConvAC.random(PoolingTree.binary(4), 3, (2, 3), Y=2, seed=11, representation=rep)


def deep_shared() -> DeepConvAC:
    return DeepConvAC.random(PoolingTree.binary(8), 2, (2, 2, 1), shared=True, seed=2)


def shallow() -> ShallowConvAC:
    return ShallowConvAC.random(3, 2, 2, Y=1, seed=3, representation=relu_templates([0, 2])[0])


def test_design_md_example_shape():
    d = bentkamp_witness(4, 3, (2, 1)).to_dict()
    assert d["format"] == "exactnet.network" and d["schema_version"] == 1 and d["kind"] == "deep-convac"
    assert d["num_inputs"] == 4 and d["tree"] == [[0, 1], [2, 3]] and d["shared"] is True
    assert d["representation"] == {"type": "identity", "M": 3}
    assert d["leaf_weights"] == [[["1", "0", "0"], ["0", "1", "0"]]]  # one shared matrix
    assert d["node_weights"] == [[["1", "1"]]]  # one matrix per level 1..height-1
    assert d["output_weights"] == [["1"]]


def test_shared_stores_one_matrix_per_level_unshared_one_per_node():
    assert len(deep_shared().to_dict()["node_weights"]) == 2
    assert len(deep_shared().to_dict()["leaf_weights"]) == 1
    assert len(deep_unshared().to_dict()["node_weights"]) == 2
    assert len(deep_unshared().to_dict()["leaf_weights"]) == 4
    assert len(shallow().to_dict()["weights"]) == 3
    assert len(ShallowConvAC.random(3, 2, 2, shared=True).to_dict()["weights"]) == 1


@pytest.mark.parametrize("make", [deep_unshared, deep_shared, shallow])
def test_round_trips(make, tmp_path):
    net = make()
    d = network_to_dict(net)
    assert network_from_dict(json.loads(json.dumps(d))) == net
    for name in ("net.json", "net.json.gz"):
        path = save_json(net, tmp_path / name)
        assert load_network(path) == net
        assert load_json(path) == d
    with gzip.open(tmp_path / "net.json.gz", "rt") as fh:  # really gzip
        assert json.load(fh) == d


def test_tensor_round_trip(tmp_path):
    T = QArray.from_nested([[["1/2", "-3"], [0, 7]], [["2/3", 1], [5, "-1/9"]]])
    d = tensor_to_dict(T)
    assert d == {"format": "exactnet.tensor", "schema_version": 1, "shape": [2, 2, 2],
                 "entries": [[["1/2", "-3"], ["0", "7"]], [["2/3", "1"], ["5", "-1/9"]]]}
    assert tensor_from_dict(json.loads(json.dumps(d))) == T
    assert load_tensor(save_json(T, tmp_path / "t.json.gz")) == T
    scalar = QArray.from_nested("5/3")
    assert tensor_from_dict(tensor_to_dict(scalar)) == scalar
    empty = QArray.zeros((2, 0))
    assert tensor_from_dict(tensor_to_dict(empty)) == empty
    G = deep_unshared().grid_tensor()
    assert load_tensor(save_json(G, tmp_path / "g.json")) == G



@pytest.mark.parametrize("shape", [(0, 2), (2, 0, 3), (1, 0, 0), (0,)])
def test_tensor_round_trip_with_an_empty_mode(shape):
    # the nested entries stop at the first empty mode: shape [0, 2] is written as "entries": []
    T = QArray.zeros(shape)
    back = tensor_from_dict(json.loads(json.dumps(tensor_to_dict(T))))
    assert back.shape == shape and back == T
    bad = {"format": "exactnet.tensor", "schema_version": 1, "shape": [2, 0, 3], "entries": [[]]}
    with pytest.raises(FormatError, match=r"entries: must have shape \(2, 0\), not \(1, 0\)"):
        tensor_from_dict(bad)

def test_save_other_objects(tmp_path):
    rep = Representation.relu([[1, 2]], ["1/3"], [[0, 1]])
    assert Representation.from_dict(load_json(save_json(rep, tmp_path / "r.json"))) == rep
    assert load_json(save_json({"a": ["1/2"]}, tmp_path / "d.json", indent=1)) == {"a": ["1/2"]}
    with pytest.raises(InexactInputError, match=r"'obj' holds the float 0.5 at 'a\[1\]'"):
        save_json({"a": ["1/2", 0.5]}, tmp_path / "bad.json")
    with pytest.raises(InvalidArgumentError, match=r"'obj' must be a network, a QArray, a Representation"):
        save_json(object(), tmp_path / "bad.json")

    class HasToDict:
        def to_dict(self):
            return {"x": [1.5]}

    with pytest.raises(InexactInputError, match=r"holds the float 1.5 at 'x\[0\]'"):
        save_json(HasToDict(), tmp_path / "bad.json")


def test_io_type_errors():
    with pytest.raises(InvalidArgumentError, match=r"'net' must be a DeepConvAC or ShallowConvAC, not 3"):
        network_to_dict(3)
    with pytest.raises(InvalidArgumentError, match=r"'tensor' must be a QArray, not \[1, 2\]"):
        tensor_to_dict([1, 2])


# ------------------------------------------------------------------------------------------ FormatError paths
def _mutate(d, path, value):
    obj = d
    for k in path[:-1]:
        obj = obj[k]
    if value is KeyError:
        del obj[path[-1]]
    else:
        obj[path[-1]] = value
    return d


DEEP_CASES = [
    # (path to mutate, new value, expected field, reason regex)
    (("leaf_weights", 0, 1, 2), 0.5, "leaf_weights[0][1][2]", r"not the JSON float 0.5"),
    (("node_weights", 1, 2, 1), 1e-3, "node_weights[1][2][1]", r"not the JSON float 0.001"),
    (("output_weights", 1, 0), True, "output_weights[1][0]", r"not True \(type=bool\)"),
    (("output_weights", 0, 1), "x", "output_weights[0][1]", r"not a rational string"),
    (("output_weights", 0, 1), "__import__('os')", "output_weights[0][1]", r"not a rational string"),
    (("leaf_weights", 2), [["1", "2", "3"]], "leaf_weights[2]",
     r"must have shape \(2, 3\), not \(1, 3\) \(leaf 2 is at level 0"),
    (("node_weights", 1), [["1", "2", "3"]] * 3, "node_weights[1]",
     r"must have shape \(3, 2\), not \(3, 3\) \(a node at level 1 maps r_0 = 2 channels to r_1 = 3\)"),
    (("output_weights",), [["1", "2"], ["3", "4"]], "output_weights",
     r"must have shape \(2, 3\), not \(2, 2\) \(the root reads r_1 = 3 channels"),
    (("output_weights",), [], "output_weights", r"must have at least one row and one column, not shape \(0, 0\)"),
    (("leaf_weights",), [], "leaf_weights", r"must hold 4 matrices \(one matrix per input\), not 0"),
    (("leaf_weights",), {"0": []}, "leaf_weights", r"must be a list of 4 matrices"),
    (("node_weights",), [[["1"]]], "node_weights", r"must hold 2 matrices \(one matrix per internal node"),
    (("leaf_weights", 1), [["1", "2", "3"], ["1", "2"]], "leaf_weights[1][1]", r"ragged array"),
    (("leaf_weights", 1), ["1", "2", "3"], "leaf_weights[1][0]", r"must be a list, not '1'"),
    (("format",), "exactnet.net", "format", r"must be \"exactnet.network\", not 'exactnet.net'"),
    (("schema_version",), 2, "schema_version", r"must be 1 \(the only schema version\), not 2"),
    (("schema_version",), True, "schema_version", r"must be 1 \(the only schema version\), not True"),
    (("kind",), "rnn", "kind", r"must be one of \['deep-convac', .*'shallow-convac'.*\], not 'rnn'"),
    (("num_inputs",), 4.0, "num_inputs", r"must be an integer, not 4.0"),
    (("num_inputs",), 1, "num_inputs", r"must be an integer >= 2, not 1"),
    (("num_inputs",), 5, "tree", r"not a valid pooling tree over modes 0..4: .*mode 4 is missing"),
    (("shared",), "false", "shared", r"must be true or false, not 'false'"),
    (("tree",), [[0, 1], [2, 3.0]], "tree[1][1]", r"a tree leaf must be an integer mode index, not 3.0"),
    (("tree",), [[0, 1], [2, False]], "tree[1][1]", r"a tree leaf must be an integer mode index, not False"),
    (("tree",), [[0, 1], [2, [3]]], "tree[1][1]", r"an internal node must have at least 2 children, not 1"),
    (("tree",), [[0, 1], [2, "3"]], "tree[1][1]", r"must be an integer mode index or a list of children, not '3'"),
    (("tree",), 0, "tree", r"must be a list of children \(the root\), not 0"),
    (("tree",), [[0, 1], [2, 2]], "tree", r"not a valid pooling tree over modes 0..3: .*mode 2 appears twice"),
    (("representation", "M"), 2, "leaf_weights[0]", r"must have shape \(2, 2\), not \(2, 3\)"),
    (("representation", "templates", 1), 0.5, "representation.templates[1]", r"not the JSON float 0.5"),
    (("representation",), "identity", "representation", r"must be a JSON object, not 'identity'"),
    (("extra",), 1, "extra", r"unknown key 'extra'"),
    (("tree",), KeyError, "<root>", r"missing required key 'tree'"),
]


@pytest.mark.parametrize("path, value, field, reason", DEEP_CASES, ids=[c[2] + ":" + c[3][:20] for c in DEEP_CASES])
def test_deep_from_dict_errors(path, value, field, reason):
    d = json.loads(json.dumps(deep_unshared().to_dict()))
    _mutate(d, path, value)
    with pytest.raises(FormatError, match=reason) as info:
        network_from_dict(d)
    assert info.value.field == field
    if field != "<root>":
        assert str(info.value).startswith(f"{field}: ")


SHARED_CASES = [
    (("leaf_weights",), [[["1", "0"]]] * 2, "leaf_weights", r"must hold 1 matrices \(one shared matrix\), not 2"),
    (("node_weights",), [[["1", "1"]]] * 6, "node_weights", r"must hold 2 matrices \(one shared matrix per level 1..height-1\), not 6"),
    (("node_weights", 1), [["1", "1", "1"]], "node_weights[1]", r"must have shape \(1, 2\), not \(1, 3\) \(the level-2 matrix"),
    (("leaf_weights", 0, 0, 1), 2.0, "leaf_weights[0][0][1]", r"not the JSON float 2.0"),
]


@pytest.mark.parametrize("path, value, field, reason", SHARED_CASES)
def test_shared_from_dict_errors(path, value, field, reason):
    d = json.loads(json.dumps(deep_shared().to_dict()))
    _mutate(d, path, value)
    with pytest.raises(FormatError, match=reason) as info:
        network_from_dict(d)
    assert info.value.field == field


def test_shared_unbalanced_tree_from_dict_error():
    net = DeepConvAC.random(PoolingTree.from_nested([[0, 1], 2]), 2, (2, 2), shared=True)
    d = net.to_dict()
    d["node_weights"] = [[["1", "1"]] * 3]  # r_1 = 3 != r_0 = 2: leaf 2 (level 1) cannot share the leaf matrix
    d["output_weights"] = [["1", "1", "1"]]
    with pytest.raises(FormatError, match=r"leaf_weights\[0\]: must be one matrix shared by every leaf") as info:
        network_from_dict(d)
    assert info.value.field == "leaf_weights[0]"


SHALLOW_CASES = [
    (("weights", 1, 0, 1), 0.25, "weights[1][0][1]", r"not the JSON float 0.25"),
    (("weights", 2), [["1", "2", "3"]] * 2, "weights[2]", r"must have shape \(2, 2\), not \(2, 3\)"),
    (("weights",), [], "weights", r"must hold 3 matrices \(one matrix per input\), not 0"),
    (("output_weights",), [["1"]], "output_weights", r"must have shape \(1, 2\), not \(1, 1\)"),
    (("kind",), "deep-convac", "<root>", r"missing required key 'tree'"),
    (("num_inputs",), 0, "num_inputs", r"must be an integer >= 1, not 0"),
    (("representation", "type"), "sigmoid", "representation.type", r"must be one of"),
]


@pytest.mark.parametrize("path, value, field, reason", SHALLOW_CASES)
def test_shallow_from_dict_errors(path, value, field, reason):
    d = json.loads(json.dumps(shallow().to_dict()))
    _mutate(d, path, value)
    with pytest.raises(FormatError, match=reason) as info:
        network_from_dict(d)
    assert info.value.field == field


def test_class_from_dict_checks_kind_and_prefix():
    d = shallow().to_dict()
    with pytest.raises(FormatError, match=r"^kind: must be \"deep-convac\", not 'shallow-convac'"):
        DeepConvAC.from_dict(dict(d, tree=[0, 1], leaf_weights=[], node_weights=[]))
    with pytest.raises(FormatError, match=r"^kind: must be \"shallow-convac\", not 'deep-convac'"):
        ShallowConvAC.from_dict(deep_unshared().to_dict())
    bad = copy.deepcopy(deep_unshared().to_dict())
    bad["leaf_weights"][0][0][0] = 0.5
    with pytest.raises(FormatError, match=r"^network\.leaf_weights\[0\]\[0\]\[0\]: ") as info:
        network_from_dict(bad, path="network")
    assert info.value.field == "network.leaf_weights[0][0][0]"
    with pytest.raises(FormatError, match=r"^<root>: must be a JSON object, not \[\]"):
        network_from_dict([])


TENSOR_CASES = [
    ({"shape": [2], "entries": ["1", 0.5]}, "entries[1]", r"not the JSON float 0.5"),
    ({"shape": [2, 2], "entries": [["1", "2"]]}, "entries", r"must have shape \(2, 2\), not \(1, 2\)"),
    ({"shape": [2, 2], "entries": [["1", "2"], ["3"]]}, "entries[1]", r"ragged array"),
    ({"shape": [2], "entries": [["1"], ["2"]]}, "entries[0]", r"a rational must be a string .* not \['1'\]"),
    ({"shape": [2, 1], "entries": ["1", "2"]}, "entries[0]", r"must be a list, not '1'"),
    ({"shape": "2", "entries": []}, "shape", r"must be a list of non-negative integers, not '2'"),
    ({"shape": [-1], "entries": []}, "shape[0]", r"must be an integer >= 0, not -1"),
    ({"shape": [2.0], "entries": []}, "shape[0]", r"must be an integer, not 2.0"),
    ({"shape": [1], "entries": ["1"], "format": "exactnet.network"}, "format", r"must be \"exactnet.tensor\""),
    ({"shape": [1]}, "<root>", r"missing required key 'entries'"),
    ({"shape": [1], "entries": ["1"], "name": "A"}, "name", r"unknown key 'name'"),
]


@pytest.mark.parametrize("patch, field, reason", TENSOR_CASES)
def test_tensor_from_dict_errors(patch, field, reason):
    d = {"format": "exactnet.tensor", "schema_version": 1}
    d.update(patch)
    with pytest.raises(FormatError, match=reason) as info:
        tensor_from_dict(d)
    assert info.value.field == field


def test_file_errors(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text('{"format": "exactnet.tensor", ')
    with pytest.raises(FormatError, match=r"bad.json: malformed JSON at line 1, column 31: Expecting property name"):
        load_json(p)
    p.write_text('{"format": "exactnet.tensor", "schema_version": 1, "shape": [1], "entries": [NaN]}')
    with pytest.raises(FormatError, match=r"bad.json: the JSON constant NaN is not a number exactnet accepts"):
        load_tensor(p)
    p.write_text('{"format": "exactnet.tensor", "schema_version": 1, "shape": [1], "entries": [0.1]}')
    with pytest.raises(FormatError, match=r"^entries\[0\]: .*not the JSON float 0.1.*\(in '.*bad.json'\)") as info:
        load_tensor(p)
    assert info.value.field == "entries[0]"
    d = deep_unshared().to_dict()
    d["node_weights"][0][0][0] = 0.5
    p.write_text(json.dumps(d))
    with pytest.raises(FormatError, match=r"^node_weights\[0\]\[0\]\[0\]: .*JSON float 0.5.*\(in '.*bad.json'\)"):
        load_network(p)
    g = tmp_path / "bad.json.gz"
    g.write_text("not gzip")
    with pytest.raises(FormatError, match=r"bad.json.gz: not a readable \(gzip\) JSON file: Not a gzipped file"):
        load_json(g)
