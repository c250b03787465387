"""The sweep, structured and overlap commands."""

from __future__ import annotations

import json

from exactnet.cli import main


def test_sweep_prints_geometries_and_named_partitions(capsys):
    assert main(["sweep", "--N", "8", "--M", "2", "--widths", "2"]) == 0
    out = capsys.readouterr().out
    assert "[contiguous]" in out and "[mirror]" in out
    assert "named partitions: low-high 2" in out and "named partitions: low-high 16" in out


def test_sweep_certify(capsys):
    assert main(["sweep", "--N", "6", "--M", "2", "--windows", "2,3", "--widths", "2", "--geometry", "contiguous",
                 "--certify"]) == 0
    assert "31 certificates verified by the independent checker" in capsys.readouterr().out


def test_sweep_json_sample(capsys):
    assert main(["sweep", "--N", "16", "--M", "2", "--windows", "4", "--widths", "2,2", "--sample", "5",
                 "--geometry", "contiguous", "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["ok"] and obj["partitions"] == 5
    assert obj["geometries"]["contiguous"]["named"]["odd-even"]["rank"] == 16


def test_structured_n64(capsys, tmp_path):
    out_file = tmp_path / "c.json"
    assert main(["structured", "--N", "64", "--M", "4", "--widths", "4", "--partition", "odd-even",
                 "--out", str(out_file), "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["rank"] == 4 ** 32 and obj["verified"] and obj["method"] == "kronecker"
    from exactnet.checker import check_file

    assert check_file(out_file).facts["value"] == 4 ** 32
    assert main(["structured", "--N", "64", "--M", "4", "--widths", "4", "--partition", "low-high"]) == 0
    assert "rank 4 over Q (almost-everywhere, skeleton)" in capsys.readouterr().out


def test_overlap_table_and_plot(capsys, tmp_path):
    png = tmp_path / "o.png"
    assert main(["overlap", "--N", "8", "--M", "2", "--plot", str(png)]) == 0
    out = capsys.readouterr().out
    assert "(2,1,2)x7" in out and png.exists()
    assert main(["overlap", "--N", "8", "--M", "2", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert [r["rank"] for r in rows if r["N"] == 8] == [2, 16, 3]


def test_bad_input_exits_2(capsys):
    assert main(["sweep", "--N", "8", "--M", "2", "--widths", "2,x"]) == 2
    assert "--widths" in capsys.readouterr().err
    assert main(["sweep", "--N", "8", "--M", "2", "--widths", "2,2"]) == 2
    assert "one width per level" in capsys.readouterr().err
    assert main(["structured", "--N", "8", "--M", "2", "--widths", "2", "--partition", "0,9"]) == 2
    assert "0..7" in capsys.readouterr().err
    assert main(["structured", "--N", "8", "--M", "2", "--widths", "2", "--partition", "zigzag"]) == 2
    assert "must be a name" in capsys.readouterr().err
    assert main(["overlap", "--N", "6", "--M", "2"]) == 2
    assert "power of 2" in capsys.readouterr().err
    assert main(["sweep", "--N", "12", "--M", "2", "--windows", "5", "--widths", "2"]) == 2
    assert "window size 5" in capsys.readouterr().err


def test_structured_of_a_network_file_1d_2d_gc_and_deep(capsys, tmp_path):
    """Review fix: `exactnet structured FILE` gives the rank of one network (deep-convac or gc-convac, 1-D or
    2-D) at sizes where `exactnet rank` refuses the dense tensor."""
    from exactnet.checker import check_file
    from exactnet.networks import DeepConvAC
    from exactnet.networks.gcconvac import GCConvAC
    from exactnet.tensors import PoolingTree

    deep = DeepConvAC.random(PoolingTree.binary(64), 4, 4, seed=0, low=-20, high=20)
    f = tmp_path / "deep64.json"
    f.write_text(json.dumps(deep.to_dict()))
    cert = tmp_path / "c.json"
    assert main(["structured", str(f), "--partition", "low-high", "--out", str(cert), "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["rank"] == 4 and obj["status"] == "exact" and obj["verified"] and obj["kind"] == "deep-convac"
    assert obj["thm1"] == {"lower": 1, "upper": 4, "split_windows": 0}  # printed next to the rank
    assert check_file(cert).facts["value"] == 4
    # 2-D non-overlapping GC network, 16 x 16 inputs (2^256 grid entries): 2-D partition names
    gc = GCConvAC.random((16, 16), 2, [(2, 2, 2)] * 3 + [(2, 2, 1)], seed=0, low=-20, high=20)
    g = tmp_path / "gc.json"
    g.write_text(json.dumps(gc.to_dict()))
    assert main(["structured", str(g), "--partition", "top-bottom"]) == 0
    out = capsys.readouterr().out
    assert "inputs 16x16" in out and "rank 1 over Q (exact, skeleton)" in out
    # a huge rank for a fixed network: refused with a way out (no Kronecker fallback for fixed weights)
    assert main(["structured", str(f), "--partition", "odd-even"]) == 2
    err = capsys.readouterr().err
    assert "Refusing the skeleton rank route" in err and "generic rank of the architecture" in err
    # file and architecture options together, or neither: clear errors
    assert main(["structured", str(f), "--N", "64"]) == 2
    assert "must not be given with a network file" in capsys.readouterr().err
    assert main(["structured", "--M", "4"]) == 2
    assert "Argument '--N' is required" in capsys.readouterr().err
    assert main(["structured", str(g), "--partition", "diagonal"]) == 2
    assert "diagonal" in capsys.readouterr().err


def test_explicit_pooling_tree_on_the_command_line(capsys):
    """Review fix: sweep / structured take an explicit tree (--tree); trees that do not cover are refused."""
    assert main(["sweep", "--N", "4", "--M", "2", "--widths", "2", "--tree", "[[0,3],[1,2]]", "--json"]) == 0
    geo = json.loads(capsys.readouterr().out)["geometries"]["explicit"]
    assert geo["tree"] == [[0, 3], [1, 2]]
    ranks = {tuple(r["rows"]): r["rank"] for r in geo["rows"]}
    assert ranks[(0, 3)] == 2 and ranks[(0, 1)] == 4  # the tree's own windows get the low rank
    assert main(["structured", "--N", "4", "--M", "2", "--widths", "2", "--tree", "[[0,3],[1,2]]",
                 "--partition", "0,3", "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["rank"] == 2 and obj["status"] == "almost-everywhere" and obj["tree"] == [[0, 3], [1, 2]]
    assert main(["sweep", "--N", "5", "--M", "2", "--widths", "2", "--tree", "[[0,3],[1,2]]"]) == 2
    assert "mode 4 is missing" in capsys.readouterr().err
    assert main(["structured", "--N", "4", "--M", "2", "--widths", "2", "--tree", "[[0,3],[1,3]]"]) == 2
    assert "mode 3 appears twice" in capsys.readouterr().err
    assert main(["structured", "--N", "4", "--M", "2", "--widths", "2", "--tree", "[[0,3],[1,2]"]) == 2
    assert "Argument '--tree' must be a nested JSON list" in capsys.readouterr().err


def test_2d_architectures_on_the_command_line(capsys, tmp_path):
    """Review fix: structured / sweep take 2-D inputs (--shape HxW, 2-D partition names) at large size."""
    from exactnet.checker import check_file

    out_file = tmp_path / "c.json"
    assert main(["structured", "--shape", "16x16", "--M", "2", "--widths", "2", "--partition", "top-bottom",
                 "--out", str(out_file), "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["N"] == 256 and obj["shape"] == [16, 16] and obj["rank"] == 2 and obj["verified"]
    assert check_file(out_file).facts["value"] == 2
    assert main(["structured", "--shape", "16x16", "--M", "2", "--widths", "2", "--partition", "checkerboard",
                 "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)  # every 2x2 window split: min(r_0, M)^(N/4) = 2^64
    assert obj["rank"] == 2 ** 64 and obj["status"] == "almost-everywhere" and obj["method"] == "kronecker"
    assert main(["sweep", "--shape", "2x4", "--M", "2", "--widths", "2", "--json"]) == 0
    geo = json.loads(capsys.readouterr().out)["geometries"]["contiguous"]
    assert geo["tree"] == [[0, 1, 4, 5], [2, 3, 6, 7]]
    assert geo["named"]["left-right"]["rank"] == 2 and geo["named"]["checkerboard"]["rank"] == 4
    for argv, msg in [(["--shape", "6x6"], "must tile the input"), (["--shape", "8x8", "--N", "60"], "H*W = 64"),
                      (["--shape", "8y8"], "Argument '--shape' must be HxW"),
                      (["--shape", "4x4", "--geometry", "mirror"], "2-D mirror pooling is not built in"),
                      (["--shape", "4x4", "--partition", "odd-pairs"], "odd-pairs")]:
        assert main(["structured", "--M", "2", "--widths", "2", *argv]) == 2
        assert msg in capsys.readouterr().err
    assert main(["sweep", "--M", "2", "--widths", "2"]) == 2
    assert "Argument '--N' is required (or --shape HxW" in capsys.readouterr().err


def test_overlap_partition_must_be_a_name_for_every_n(capsys):
    """Review fix: the error names the option '--partition' (it used to say Argument 'name')."""
    assert main(["overlap", "--N", "8", "--M", "2", "--partition", "0,1"]) == 2
    err = capsys.readouterr().err
    assert "Argument '--partition' must be a partition name that applies to every N" in err and "N = 4, 8" in err
    assert main(["overlap", "--N", "8", "--M", "2", "--partition", "odd-even", "--variants", "overlapping",
                 "--json"]) == 0
    assert [r["rank"] for r in json.loads(capsys.readouterr().out)["rows"]] == [4, 16]
