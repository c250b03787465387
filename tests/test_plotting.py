"""exactnet.plotting and ``exactnet draw``: the figures hold the expected artists and labels, files are
written, bad input is refused with errors naming the argument."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from exactnet.cli import main  # noqa: E402
from exactnet.core.linalg import rank  # noqa: E402
from exactnet.errors import InexactInputError, InvalidArgumentError, PartitionError, ShapeError  # noqa: E402
from exactnet.networks import bentkamp_witness  # noqa: E402
from exactnet.plotting import depth_gap, plot_arrangement, plot_matricization, plot_rank_vs_N, plot_tree  # noqa: E402
from exactnet.tensors import PoolingTree, matricize  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_tree_colours_and_labels(tmp_path):
    out = tmp_path / "tree.png"
    fig = plot_tree(PoolingTree.binary(8), "low-high", path=out)
    assert out.stat().st_size > 1000
    # low-high under the contiguous tree: only the root sees both sides
    assert fig.exactnet["split_nodes"] == [list(range(8))]
    texts = _texts(fig)
    assert "{0,1}" in texts and "{0..7}" in texts and all(str(m) in texts for m in range(8))
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels[0] == "rows I = {0,1,2,3}" and labels[2].endswith(": 1")
    # odd-even splits every node
    assert len(plot_tree(PoolingTree.binary(8), "odd-even").exactnet["split_nodes"]) == 7


def test_tree_mirror_and_shallow():
    mirror = plot_tree(PoolingTree.mirror(8), "low-high")
    assert len(mirror.exactnet["split_nodes"]) == 7          # mirror pooling pairs i with 7 - i
    shallow = plot_tree([[0, 1, 2, 3]][0], "odd-even")       # one node pooling everything: CP
    assert shallow.exactnet["height"] == 1 and "shallow" in shallow.axes[0].get_title()
    assert plot_tree(PoolingTree.binary(4)).axes[0].get_legend() is None


def test_tree_refuses_bad_input():
    with pytest.raises(InvalidArgumentError, match="'tree'"):
        plot_tree(7)
    with pytest.raises(PartitionError):
        plot_tree(PoolingTree.binary(4), [0, 9])


def test_matricization_heatmap_labels_and_witness(tmp_path):
    A = bentkamp_witness(4, 2, [2, 1]).grid_tensor(output=0)
    res = rank(matricize(A, "odd-even"))
    fig = plot_matricization(A, "odd-even", witness=(res.certificate.rows, res.certificate.cols), path=tmp_path / "m.png")
    ax = fig.axes[0]
    assert fig.exactnet["shape"] == (4, 4) and fig.exactnet["row_modes"] == [0, 2]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["00", "01", "10", "11"]
    assert ax.get_xlabel() == "columns: d1 d3" and "4 x 4 minor" in ax.get_title()
    assert sorted(_texts(fig)).count("1") == 4                 # the identity block, entry by entry
    assert len(ax.patches) == 16                               # every cell of the minor outlined
    assert (tmp_path / "m.png").exists()


def test_matricization_of_a_matrix_and_refusals():
    fig = plot_matricization([[1, "1/2"], [0, 3]])
    assert "1/2" in _texts(fig) and fig.exactnet["row_modes"] is None
    with pytest.raises(ShapeError, match="'partition'"):
        plot_matricization([[[1, 0], [0, 1]], [[0, 0], [0, 0]]])
    with pytest.raises(ShapeError, match="'witness'"):
        plot_matricization([[1, 2], [3, 4]], witness=([0], [2]))
    with pytest.raises(InvalidArgumentError, match="float"):
        plot_matricization([[0.5, 1], [1, 1]])


def test_depth_gap_matches_the_certified_ranks_and_the_networks():
    from exactnet.networks import DeepConvAC

    rows = depth_gap([2, 4, 8, 16], M=3, width=2, certify=True)
    assert [r["generic_rank"] for r in rows] == [2, 4, 16, 256]
    assert all(r["status"] == "almost-everywhere" for r in rows)
    for r in rows:
        assert r["deep_params"] == DeepConvAC.random(PoolingTree.binary(r["N"]), 3, 2).num_weights
        assert r["shallow_params"] == r["shallow_width"] * (r["N"] * 3 + 1)
    with pytest.raises(InvalidArgumentError, match="'Ns'"):
        depth_gap([6])


def test_rank_vs_N_plot(tmp_path):
    fig = plot_rank_vs_N((2, 4, 8, 16, 32), M=2, width=2, path=tmp_path / "gap.png")
    a1, a2 = fig.axes
    assert a1.get_yscale() == "log" and a2.get_yscale() == "log" and a1.get_xlabel() == "N (inputs)"
    assert [list(line.get_ydata()) for line in a1.get_lines()][0] == [2, 4, 16, 256, 65536]
    assert len(a2.get_legend().get_texts()) == 2
    assert (tmp_path / "gap.png").stat().st_size > 1000


def test_arrangement_is_exact_and_counts_regions(tmp_path):
    fig = plot_arrangement([[1, 0], [0, 1], [1, 1]], [0, 0, "-1/2"], [[-1, 1], [-1, 1]], path=tmp_path / "a.png")
    assert fig.exactnet["regions"] == 7                          # Zaslavsky: 1 + 3 + 3 in general position
    assert fig.exactnet["segments"][2] == ((Fraction(-1, 2), Fraction(1)), (Fraction(1), Fraction(-1, 2)))
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["unit 0: x0 = 0", "unit 1: x1 = 0", "unit 2: x0 + x1 - 1/2 = 0"]
    # a line that misses the box is listed, not drawn; three parallel lines cut the box into 4
    fig = plot_arrangement([[1, 0], [1, 0], [1, 0], [0, 1]], [0, "1/2", "-1/2", 5], [[-1, 1], [-1, 1]])
    assert fig.exactnet["regions"] == 4 and fig.exactnet["segments"][3] is None


def test_arrangement_refuses_bad_input():
    box = [[-1, 1], [-1, 1]]
    with pytest.raises(ShapeError, match="'weights'"):
        plot_arrangement([[1, 0, 0]], [0], box)
    with pytest.raises(ShapeError, match="'biases'"):
        plot_arrangement([[1, 0]], [0, 1], box)
    with pytest.raises(InexactInputError, match="'biases\\[0\\]'"):
        plot_arrangement([[1, 0]], [0.5], box)
    with pytest.raises(InvalidArgumentError, match="zero"):
        plot_arrangement([[0, 0]], [1], box)
    with pytest.raises(InvalidArgumentError, match="'box'"):
        plot_arrangement([[1, 0]], [0], [[1, -1], [0, 1]])


def test_cli_draw_writes_every_picture(tmp_path, capsys):
    cases = [
        (["tree", "--N", "8", "--windows", "2", "--partition", "odd-even"], "tree"),
        (["tree", "--N", "8", "--geometry", "mirror", "--partition", "low-high"], "tree"),
        (["matricization", "--N", "4", "--M", "2", "--widths", "2,1", "--witness"], "matricization"),
        (["rank-vs-n", "--N-max", "16", "--certify"], "rank-vs-N"),
        (["arrangement", "--weights", "1,0;0,1;1,1", "--biases", "0,0,-1/2"], "arrangement"),
    ]
    for k, (argv, kind) in enumerate(cases):
        out = tmp_path / f"p{k}.png"
        assert main(["draw", *argv, "--out", str(out), "--json"]) == 0
        facts = json.loads(capsys.readouterr().out)
        assert facts["kind"] == kind and facts["out"] == str(out) and out.stat().st_size > 1000
    assert facts["regions"] == 7
    assert main(["draw", "matricization", "--N", "4", "--M", "2", "--widths", "2,1", "--witness",
                 "--out", str(tmp_path / "m.png")]) == 0
    assert "rank 4 over Q" in capsys.readouterr().out


def test_cli_draw_refuses_bad_input(tmp_path, capsys):
    assert main(["draw", "arrangement", "--weights", "1,0,1", "--biases", "0", "--out", str(tmp_path / "x.png")]) == 2
    assert "'weights'" in capsys.readouterr().err
    assert main(["draw", "tree", "--N", "8", "--tree", "[[0,1],", "--out", str(tmp_path / "x.png"), "--json"]) == 2
    assert "--tree" in capsys.readouterr().out
    assert not (tmp_path / "x.png").exists()


def test_missing_matplotlib_is_a_clear_error(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError, match=r"exactnet\[plot\]"):
        plot_tree(PoolingTree.binary(4))
