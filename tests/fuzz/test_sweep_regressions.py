"""Regressions from a hostile sweep of every command and loader (each run under 60 s and 4 GB): each input
here once ended in a traceback, an internal error, a hang or an allocation without an estimate.

The Python API answers with the documented exceptions (:mod:`exactnet.errors`), naming the file or argument;
the command line with a clean refusal (exit 2, one line).
"""

from __future__ import annotations

import pytest

import exactnet
from exactnet.errors import FormatError, InvalidArgumentError, ResourceLimitError, ShapeError
from fuzz_harness import assert_clean, assert_refused, run_cli

LIMITS = {"timeout": 60.0, "memory": 4 * 1024**3}


# ------------------------------------------------------------------------------ one error family in the API
@pytest.mark.parametrize("call", [
    lambda d: exactnet.check_file(d),
    lambda d: exactnet.check_file(d / "missing.json"),
    lambda d: exactnet.load_network(d),
    lambda d: exactnet.load_tensor(d / "missing.json.gz"),
    lambda d: exactnet.load_certificate(d),
    lambda d: exactnet.save_json(exactnet.QArray.zeros((1,)), d),
    lambda d: exactnet.save_json(exactnet.QArray.zeros((1,)), d / "no" / "such" / "folder.json"),
], ids=["check-dir", "check-missing", "network-dir", "tensor-missing", "certificate-dir", "save-to-dir", "save-no-folder"])
def test_files_that_cannot_be_read_or_written_raise_format_error_naming_the_file(tmp_path, call):
    with pytest.raises(FormatError, match="cannot (read|write) the file") as info:
        call(tmp_path)
    assert str(tmp_path) in str(info.value)


@pytest.mark.parametrize("call", [exactnet.check_file, exactnet.load_network, exactnet.load_tensor,
                                  exactnet.load_certificate])
@pytest.mark.parametrize("path", [None, 3])
def test_a_path_that_is_not_one_is_an_invalid_argument(call, path):
    with pytest.raises(InvalidArgumentError, match="Argument 'path' must be a file path"):
        call(path)


# ------------------------------------------------------------------------------ arrays, trees, domains
def test_qarray_shapes_are_checked_before_numpy_sees_them():
    with pytest.raises(InvalidArgumentError, match="sizes >= 0"):
        exactnet.QArray.zeros((-1, 2))
    with pytest.raises(ResourceLimitError):
        exactnet.QArray.zeros((10**6, 10**6))
    nested = 1
    for _ in range(100_000):
        nested = [nested]
    with pytest.raises(ShapeError, match="at most 32 dimensions"):
        exactnet.QArray.from_nested(nested)


def test_a_tree_nested_100000_deep_with_single_children_is_refused_not_a_recursion_error():
    tree = 0
    for _ in range(100_000):
        tree = [tree]
    with pytest.raises(ShapeError, match="single child"):
        exactnet.PoolingTree(tree)


def test_a_box_in_a_million_dimensions_is_refused_with_its_size():
    with pytest.raises(ResourceLimitError, match="2000000000000 entries"):
        exactnet.Box([0] * 10**6, [1] * 10**6)
    assert exactnet.Box([0] * 300, [1] * 300).dim == 300


def test_a_partition_of_10_to_the_12_modes_is_refused():
    with pytest.raises(ResourceLimitError, match="EXACTNET_MAX_TREE_LEAVES"):
        exactnet.partition_by_name("blocks:2", 10**12)


def test_random_networks_are_sized_before_drawing():
    with pytest.raises(ResourceLimitError, match="random weights"):
        exactnet.ShallowConvAC.random(100_000, 10_000, 10_000)
    with pytest.raises(InvalidArgumentError, match="2\\^62"):
        exactnet.DeepConvAC.from_windows(4, 2, [2, 1], low=-(10**20), high=3)


def test_constructions_are_sized_before_building():
    from exactnet.regions.constructions import montufar_folding

    with pytest.raises(ResourceLimitError, match="exact weights"):
        montufar_folding(4096, (4096, 4096))
    with pytest.raises(ResourceLimitError, match=r"C\(32, 8\)"):
        montufar_folding(8, (32, 32))


# ------------------------------------------------------------------------------ the command line
def _caterpillar(n: int) -> str:
    text = "0"
    for i in range(1, n):
        text = f"[{text},{i}]"
    return text


@pytest.mark.parametrize("args, words", [
    (["new", "deep-convac", "--N", "8", "--M", "2", "--widths", "2,1,1", "--low", "-" + "9" * 20], ("2^62",)),
    (["new", "shallow-convac", "--N", "100000", "--M", "10000", "--Z", "10000"], ("random weights", "GiB")),
    (["new", "relu", "--n0", "4096", "--widths", "4096,4096"], ("exact weights",)),
    (["draw", "rank-vs-n", "--N-max", "1048576", "--out", "{tmp}/r.png"], ("--N-max",)),
    (["draw", "tree", "--N", "8", "--out", "{tmp}/t.exe"], ("picture format",)),
    (["draw", "tree", "--N", "3000", "--tree", _caterpillar(3000), "--out", "{tmp}/t.png"], ("at most 256 leaves",)),
])
def test_hostile_command_lines_are_refused(tmp_path, args, words):
    assert_refused(run_cli([a.replace("{tmp}", str(tmp_path)) for a in args], **LIMITS), *words)


def test_compare_reads_a_caterpillar_tree_of_3000_leaves():
    """A --tree nested 3000 deep was a RecursionError in the JSON reader (an internal error)."""
    out = run_cli(["compare", "--N", "3000", "--M", "2", "--tree", _caterpillar(3000), "--budget", "20s"], **LIMITS)
    assert_clean(out, codes=(0, 2))
    assert "RecursionError" not in out.stderr, out.describe()



def test_check_file_on_a_version_1_file_with_a_deep_kind_is_refused(tmp_path):
    """Found by the fuzzer once check_file joined its loaders: the refusal printed the kind with repr (RecursionError)."""
    from exactnet.errors import CertificateError

    path = tmp_path / "deep.json"
    path.write_text('{"format": "exactnet.network", "schema_version": 1, "kind": ' + "[" * 30_000 + "]" * 30_000 + "}")
    with pytest.raises(CertificateError, match=r"no longer read for \[\[\["):
        exactnet.check_file(path)
