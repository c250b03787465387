"""Region pictures (legend, colours, edges-only, SVG) and the exact level sets they overlay."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exactnet.cli import main
from exactnet.errors import InexactInputError, InvalidArgumentError
from exactnet.networks import save_json
from exactnet.networks.pwl import relu_network
from exactnet.regions import Box, enumerate_regions, plot_regions
from exactnet.regions.level_sets import level_set
from exactnet.regions.plot import LEGEND_LABELS, _edge_structure, _linear_colours, region_colours

pytest.importorskip("matplotlib")

SVG = "{http://www.w3.org/2000/svg}"


def _diamond():
    """relu(x0) + relu(x1) - 1: its zero level set on [-2, 2]^2 is known by hand."""
    return relu_network([[[1, 0], [0, 1]]], [[0, 0]], output_weights=[[1, 1]], output_bias=[-1])


def _texts(path) -> list[str]:
    root = ET.parse(path).getroot()
    assert root.tag == SVG + "svg"
    return ["".join(t.itertext()).strip() for t in root.iter(SVG + "text")]


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(v * 255):02x}" for v in rgb)


def _fills(path) -> set[str]:
    return set(re.findall(r"fill: ?(#[0-9a-f]{6})", open(path, encoding="utf-8").read()))


@pytest.fixture(scope="module")
def folded():
    from exactnet.regions.constructions import quadrant_folding

    c = quadrant_folding(3)
    return enumerate_regions(c.network, c.domain)  # 28 activation regions, 25 linear regions


# ------------------------------------------------------------------ legend, SVG, edges-only
def test_svg_is_written_parseable_and_has_the_legend(folded, tmp_path):
    out = plot_regions(folded, tmp_path / "r.svg")
    texts = _texts(out)
    assert LEGEND_LABELS["fill"] + " (25)" in texts
    assert LEGEND_LABELS["solid"] in texts and LEGEND_LABELS["dotted"] in texts  # this net has inner edges
    assert any("25 linear regions, 28 activation regions (exact)" in t for t in texts)
    # every linear region's colour is in the picture
    colours = _linear_colours(25, _edge_structure(folded.regions)[1])
    assert {_hex(c) for c in colours} <= _fills(out)


def test_png_by_suffix_and_unknown_suffix_refused(folded, tmp_path):
    out = plot_regions(folded, tmp_path / "r.png")
    assert open(out, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(InvalidArgumentError, match=r"Argument 'path' must end in \.png, \.svg, \.pdf.*'r\.gif'"):
        plot_regions(folded, "r.gif")
    with pytest.raises(InvalidArgumentError, match="Argument 'edges_only' must be True or False"):
        plot_regions(folded, tmp_path / "r.png", edges_only="yes")


def test_edges_only_has_no_fills_and_no_fill_legend(folded, tmp_path):
    out = plot_regions(folded, tmp_path / "e.svg", edges_only=True)
    texts = _texts(out)
    assert not any(t.startswith("fill:") for t in texts)
    assert LEGEND_LABELS["solid"] in texts
    colours = _linear_colours(25, _edge_structure(folded.regions)[1])
    assert not {_hex(c) for c in colours} & _fills(out)


def test_no_legend(folded, tmp_path):
    texts = _texts(plot_regions(folded, tmp_path / "n.svg", legend=False))
    assert LEGEND_LABELS["solid"] not in texts


def test_dotted_label_only_when_there_are_inner_edges(tmp_path):
    E = enumerate_regions(_diamond(), Box([-2, -2], [2, 2]))  # 4 activation regions, 4 linear regions
    texts = _texts(plot_regions(E, tmp_path / "d.svg", decision_boundary=True))
    assert LEGEND_LABELS["dotted"] not in texts
    assert LEGEND_LABELS["boundary"].format(output=0, level=0) in texts
    texts = _texts(plot_regions(E, tmp_path / "d.svg", decision_boundary=True, level="1/2"))
    assert LEGEND_LABELS["level_set"].format(output=0, level="1/2") in texts


def test_one_dimensional_picture_legend(tmp_path):
    # relu(x) + relu(-x + 1/2) - relu(2x - 1) - 1/2: identically 0 on [0, 1/2]
    net = relu_network([[[1], [-1], [2]]], [[0, "1/2", -1]], output_weights=[[1, 1, -1]], output_bias=["-1/2"])
    E = enumerate_regions(net, Box([-2], [2]))
    texts = _texts(plot_regions(E, tmp_path / "one.svg", decision_boundary=True))
    assert LEGEND_LABELS["break"] in texts and LEGEND_LABELS["flat"].format(output=0, level=0) in texts
    L = level_set(E)
    assert L.points == ((F(0),), (F(1, 2),)) and len(L.flat_regions) == 1


# ------------------------------------------------------------------ colours
def test_region_colours_are_distinct_for_many_regions():
    cs = region_colours(2000)
    assert len(set(cs)) == 2000
    assert region_colours(0) == []


def test_adjacent_linear_regions_contrast(folded):
    from exactnet.regions.plot import _contrast

    pieces, neighbours = _edge_structure(folded.regions)
    colours = _linear_colours(folded.linear_regions, neighbours)
    assert len(set(colours)) == folded.linear_regions
    pairs = [(a, b) for a in range(len(neighbours)) for b in neighbours[a]]
    assert pairs
    # neighbours are never near-identical (a contrast of 0.25 is clearly visible)
    assert min(_contrast(colours[a], colours[b]) for a, b in pairs) > 0.25


# ------------------------------------------------------------------ exact level sets
def _canon(segments):
    return sorted(tuple(sorted(seg)) for seg in segments)


def test_decision_boundary_known_answer():
    L = level_set(enumerate_regions(_diamond(), Box([-2, -2], [2, 2])))
    assert _canon(L.segments) == _canon([((F(-2), F(1)), (F(0), F(1))), ((F(0), F(1)), (F(1), F(0))),
                                         ((F(1), F(-2)), (F(1), F(0)))])
    assert L.points == () and L.flat_regions == () and (L.field, L.status) == ("Q", "exact")
    # level 1: relu(x0) + relu(x1) = 2 meets the box's corner quadrant in a diagonal from (0, 2) to (2, 0)
    L1 = level_set(enumerate_regions(_diamond(), Box([-2, -2], [2, 2])), level=1)
    assert (((F(0), F(2)), (F(2), F(0))) in L1.segments or ((F(2), F(0)), (F(0), F(2))) in L1.segments)


def test_level_set_refuses_bad_arguments():
    E = enumerate_regions(_diamond(), Box([-1, -1], [1, 1]))
    with pytest.raises(InvalidArgumentError, match=r"Argument 'output' must be an output index in 0\.\.0"):
        level_set(E, output=1)
    with pytest.raises(InexactInputError, match="Argument 'level'"):
        level_set(E, level=0.5)
    with pytest.raises(InvalidArgumentError, match="RegionEnumeration"):
        level_set("E")


_weights = st.integers(-3, 3)


@settings(deadline=None, max_examples=15)
@given(st.lists(st.tuples(_weights, _weights, _weights), min_size=1, max_size=4),
       st.lists(_weights, min_size=4, max_size=4), _weights, st.integers(-2, 2))
def test_level_set_lies_on_the_level_and_ends_on_region_boundaries(rows, out_w, out_b, level):
    """Independent oracle: evaluate the network forward at both endpoints and the midpoint of every segment."""
    W = [[a, b] for a, b, _ in rows]
    bias = [c for _, _, c in rows]
    net = relu_network([W], [bias], output_weights=[out_w[: len(rows)]], output_bias=[out_b])
    E = enumerate_regions(net, Box([-2, -2], [2, 2]))
    L = level_set(E, level=level)
    for p, q in L.segments:
        assert p != q
        mid = ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)
        for x in (p, q, mid):
            assert net.evaluate(list(x))[0] == level
    for x in L.points:
        assert net.evaluate(list(x))[0] == level
    # a region whose vertex values change sign contains a piece of the level set
    for k, r in enumerate(E.regions):
        vals = [net.evaluate(list(v))[0] - level for v in r.vertices]
        if min(vals) < 0 < max(vals):
            assert any(_inside(seg, r.vertices) for seg in L.segments), k


def _inside(seg, vs) -> bool:
    mid = ((seg[0][0] + seg[1][0]) / 2, (seg[0][1] + seg[1][1]) / 2)
    n = len(vs)
    return all((vs[(i + 1) % n][0] - vs[i][0]) * (mid[1] - vs[i][1])
               - (vs[(i + 1) % n][1] - vs[i][1]) * (mid[0] - vs[i][0]) >= 0 for i in range(n))


# ------------------------------------------------------------------ command line
@pytest.fixture()
def diamond_file(tmp_path):
    return str(save_json(_diamond(), tmp_path / "diamond.json"))


def test_cli_decimal_and_fraction_box_corners(diamond_file, capsys):
    assert main(["regions", diamond_file, "--box", "-3.5,3;-3,1/2", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["domain"]["lower"] == ["-7/2", "-3"] and d["domain"]["upper"] == ["3", "1/2"]
    assert d["bounds_on"].startswith("maximum number of linear regions over all weight settings")


def test_cli_plot_svg_edges_only_and_decision_boundary(diamond_file, tmp_path, capsys):
    out = tmp_path / "d.svg"
    assert main(["regions", diamond_file, "--box", "-2,2;-2,2", "--plot", str(out), "--edges-only",
                 "--decision-boundary"]) == 0
    text = capsys.readouterr().out
    assert f"plot: {out}" in text
    assert "bounds on the maximum number of\n  linear regions over all weight settings" in text
    texts = _texts(out)
    assert LEGEND_LABELS["boundary"].format(output=0, level=0) in texts
    assert not any(t.startswith("fill:") for t in texts)


@pytest.mark.parametrize("argv, match", [
    (["--plot", "r.jpg"], r"Argument '--plot' must end in \.png, \.svg, \.pdf"),
    (["--edges-only"], r"need '--plot FILE'"),
    (["--plot", "r.svg", "--decision-boundary", "3"], r"Argument '--decision-boundary' must be an output index"),
])
def test_cli_plot_errors(diamond_file, capsys, argv, match):
    assert main(["regions", diamond_file, "--box", "-1,1;-1,1"] + argv) == 2
    assert re.search(match, capsys.readouterr().err)


def test_cli_bounds_says_what_it_bounds(capsys):
    assert main(["bounds", "--n0", "2", "--widths", "3,3"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("bounds on the maximum number of linear regions over all weight settings")
    assert main(["bounds", "--n0", "2", "--widths", "3,3", "--json"]) == 0
    assert "over all weight settings" in json.loads(capsys.readouterr().out)["bounds_on"]
