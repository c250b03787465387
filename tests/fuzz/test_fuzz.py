"""Hypothesis fuzzing of every entry point with hostile inputs, each case in a limited child process.

Files: valid networks, tensors and certificates with one to three fields replaced by hostile values
(huge or negative integers, floats, long digit strings, deep nesting, wrong JSON types), written plain
or gzip-compressed; every loader and the commands that read files run on them. Command lines: the
long commands with hostile numbers. A case passes on a clean answer or refusal (see fuzz_harness).

The CI run is small; ``--runslow`` runs the long one.
"""

from __future__ import annotations

import copy
import gzip
import json
import re

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from exactnet.networks import DeepConvAC, ShallowConvAC
from exactnet.networks.io import dumps
from exactnet.networks.pwl import relu_network
from fuzz_harness import assert_clean, run_python

_FAST = settings(max_examples=5, deadline=None, derandomize=True, phases=[Phase.generate],
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
_SLOW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])


def _seeds() -> list:
    cert = {"format": "exactnet.certificate", "schema_version": 1, "exactnet_version": "0.1.0",
            "kind": "parameter-count", "claim": "15", "field": "Q", "status": "exact", "count": 15,
            "architecture": {"kind": "shallow-convac", "num_inputs": 2, "M": 2, "Z": 3}}
    tensor = {"format": "exactnet.tensor", "schema_version": 1, "shape": [2, 2], "entries": [["1", "1/2"], ["0", "-3"]]}
    return [ShallowConvAC.random(2, 2, 2, seed=0).to_dict(), DeepConvAC.random([[0, 1], [2, 3]], 2, 2, seed=0).to_dict(),
            relu_network([[[1, -1], [2, 1]]], [[0, 1]]).to_dict(), tensor, cert]


_HOSTILE = st.one_of(
    st.sampled_from([0, -1, 1, 2, 10**12, 10**30, -(10**18), True, None, 0.5, "", "abc", "1/0", "NaN", [], {},
                     "9" * 5000 + "/7", [[["1"]]], {"type": "identity", "M": 10**9}, {"type": "monomial", "M": 5000,
                     "templates": ["3"]}]),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.integers(min_value=2000, max_value=60_000).map(lambda n: f"@@DEEP{n}@@"),
    st.integers(min_value=4400, max_value=200_000).map(lambda n: f"@@DIGITS{n}@@" if n % 2 else "7" * n),
)


def _paths(doc) -> list:
    out, stack = [], [((), doc)]
    while stack:
        path, x = stack.pop()
        out.append(path)
        if isinstance(x, dict):
            stack.extend((path + (k,), v) for k, v in x.items())
        elif isinstance(x, list):
            stack.extend((path + (k,), v) for k, v in enumerate(x))
    return out


def _mutate(draw, doc):
    """One to three hostile values written at paths drawn from ``doc`` (a deep copy is mutated)."""
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(doc)))
        value = draw(_HOSTILE)
        if not path:
            doc = value
            continue
        target = doc
        for k in path[:-1]:
            target = target[k]
        target[path[-1]] = value
    return doc


@st.composite
def hostile_documents(draw):
    return _mutate(draw, draw(st.sampled_from(_seeds())))


_CHILD = r"""
import contextlib, io, json, sys
sys.set_int_max_str_digits(0)
from exactnet.cli import main
from exactnet.errors import ExactnetError
from exactnet.networks.io import load_network, load_tensor
from exactnet.certificates import load_certificate
from exactnet import check_file
path = sys.argv[1] if len(sys.argv) > 1 else PATH
bad = []
for load in (load_network, load_tensor, load_certificate, check_file):
    try:
        load(path)
    except ExactnetError:
        pass
    except Exception as exc:  # outside the documented error family
        bad.append(f"{load.__name__}: {type(exc).__name__}: {str(exc)[:300]}")
for argv in (["rank", path, "--partition", "odd-even"], ["check", path], ["structured", path, "--partition", "odd-even"],
             ["regions", path, "--budget", "5s"]):
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    if "internal error" in err.getvalue() or code not in (0, 1, 2):
        bad.append(f"{argv[0]}: exit {code}: {err.getvalue()[:300]}")
if bad:
    sys.stderr.write("\n".join(bad))
    sys.exit(3)
"""


def _run_document(tmp_path, doc, compress: bool) -> None:
    path = tmp_path / ("case.json.gz" if compress else "case.json")
    text = dumps(doc)
    text = re.sub(r'"@@DIGITS([0-9]+)@@"', lambda m: "7" * int(m.group(1)), text)  # a JSON integer that long
    text = re.sub(r'"@@DEEP([0-9]+)@@"', lambda m: "[" * int(m.group(1)) + "]" * int(m.group(1)), text)
    data = text.encode()
    path.write_bytes(gzip.compress(data) if compress else data)
    out = run_python(_CHILD.replace("PATH", repr(str(path))), timeout=90)
    assert_clean(out)


@_FAST
@given(doc=hostile_documents(), compress=st.booleans())
def test_hostile_files(tmp_path, doc, compress):
    _run_document(tmp_path, doc, compress)


@pytest.mark.slow
@_SLOW
@given(doc=hostile_documents(), compress=st.booleans())
def test_hostile_files_long(tmp_path, doc, compress):
    _run_document(tmp_path, doc, compress)


def _corrupt(data: bytes, how: str, cut: float) -> bytes:
    """The bytes of a valid file spoiled as a careless or hostile user would: cut short, re-encoded, wrapped twice."""
    k = int(len(data) * cut)
    return {"truncate": data[:k], "bom": b"\xef\xbb\xbf" + data, "utf16": data.decode().encode("utf-16"),
            "latin1-tail": data[:k] + b"\xe9\xff\xfe" + data[k:], "nul": data[:k] + b"\x00" + data[k:],
            "gzip-truncated": gzip.compress(data)[:max(2, int(len(gzip.compress(data)) * cut))],
            "gzip-twice": gzip.compress(gzip.compress(data)), "gzip-garbage": b"\x1f\x8b" + data[k:],
            "gzip-empty": gzip.compress(b""), "empty": b"", "whitespace": b" \n\t" * 1000,
            "unicode-garbage": "\u202e\ufffd\U0001f600".encode() * 100 + data[k:]}[how]


_CORRUPTIONS = ["truncate", "bom", "utf16", "latin1-tail", "nul", "gzip-truncated", "gzip-twice", "gzip-garbage",
                "gzip-empty", "empty", "whitespace", "unicode-garbage", "directory", "missing"]


def _run_corrupted(tmp_path, doc, how: str, cut: float) -> None:
    path = tmp_path / ("missing.json" if how == "missing" else "corrupt.json")
    if how == "directory":
        path = tmp_path / "a-directory.json"
        path.mkdir(exist_ok=True)
    elif how != "missing":
        path.write_bytes(_corrupt(dumps(doc).encode(), how, cut))
    assert_clean(run_python(_CHILD.replace("PATH", repr(str(path))), timeout=90))


@_FAST
@given(doc=st.sampled_from(_seeds()), how=st.sampled_from(_CORRUPTIONS), cut=st.floats(0, 1))
def test_corrupted_files(tmp_path, doc, how, cut):
    """Every loader (networks, tensors, certificates, the checker) and the file commands on spoiled bytes and on
    paths that are not files: the documented errors (FormatError naming the file), never another exception."""
    _run_corrupted(tmp_path, doc, how, cut)


@pytest.mark.slow
@_SLOW
@given(doc=st.sampled_from(_seeds()), how=st.sampled_from(_CORRUPTIONS), cut=st.floats(0, 1))
def test_corrupted_files_long(tmp_path, doc, how, cut):
    _run_corrupted(tmp_path, doc, how, cut)


_NUMBERS = st.one_of(st.sampled_from(["0", "-1", "1", "2", "3", "4", "64", "1024", "1048576", "1e9", "10**9",
                                      "99999999999999999999", "abc", "", "2,2", "1000000000,1000000000", "1/2"]),
                     st.integers(min_value=-5, max_value=5000).map(str))
_COMMANDS = {
    "compare": ["--N", "--M", "--widths"],
    "structured": ["--N", "--M", "--widths"],
    "overlap": ["--N", "--M", "--r"],
    "bounds": ["--n0", "--widths", "--k", "--pieces"],
    "sweep": ["--N", "--M", "--widths", "--sample"],
    "tt": ["--d", "--n", "--ranks"],
}


@st.composite
def hostile_command_lines(draw):
    command = draw(st.sampled_from(sorted(_COMMANDS)))
    argv = [command]
    for option in _COMMANDS[command]:
        if draw(st.booleans()) or option in ("--N", "--M", "--n0", "--widths", "--d"):
            argv += [option, draw(_NUMBERS)]
    return argv + ["--budget", "8s"]


_CLI_CHILD = r"""
import contextlib, io, sys
from exactnet.cli import main
err = io.StringIO()
with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
    code = main(ARGV)
sys.stderr.write(err.getvalue())
sys.exit(code)
"""


def _run_command_line(argv) -> None:
    out = run_python(_CLI_CHILD.replace("ARGV", repr(argv)), timeout=60)
    assert_clean(out)


@_FAST
@given(argv=hostile_command_lines())
def test_hostile_command_lines(argv):
    _run_command_line(argv)


@pytest.mark.slow
@_SLOW
@given(argv=hostile_command_lines())
def test_hostile_command_lines_long(argv):
    _run_command_line(argv)



# ----------------------------------------------------------------------- the kernel's entry point
def _v2_seeds() -> list:
    """Valid version-2 certificates of several kinds (an explicit matrix, a circuit, rules, formulas)."""
    import base64

    import numpy as np

    from exactnet import depth_efficiency_certificate
    from exactnet.certificates.ranks import network_rank, shallow_width_needed

    def enc(A):
        A = np.asarray(A, dtype="<i8")
        return {"shape": list(A.shape), "denominator": "1", "encoding": "int64-base64",
                "data": base64.b64encode(A.tobytes()).decode()}

    rank = {"format": "exactnet.certificate", "schema_version": 2, "exactnet_version": "0.2.0",
            "proposition": {"quantity": "rank", "object": {"matrix": enc([[1, 2, 3], [2, 4, 6], [1, 0, 1]])},
                            "relation": "=", "value": 2, "field": "Q"},
            "evidence": {"method": "minor-and-factorization", "rows": [0, 2], "cols": [0, 1], "prime": "7",
                         "scale": "1", "factor": {"shape": [2, 3], "denominator": "1", "encoding": "decimal",
                                                  "data": "1,0,1,0,1,1"}}}
    bound = {"format": "exactnet.certificate", "schema_version": 2, "exactnet_version": "0.2.0",
             "proposition": {"quantity": "bound_value", "object": {"formula": "zaslavsky", "n0": 2, "widths": [3]},
                             "relation": "=", "value": 7, "field": "Q"},
             "evidence": {"method": "recompute-formula"}}
    net = ShallowConvAC.random(2, 2, 2, seed=0)
    return [rank, bound, network_rank(net, [0]).certificate.to_dict(),
            shallow_width_needed(net, [0]).certificate.to_dict(), depth_efficiency_certificate(4, 2, [2, 1]).to_dict()]


_V2_SEEDS: list = []


@st.composite
def hostile_v2_certificates(draw):
    if not _V2_SEEDS:
        _V2_SEEDS.extend(_v2_seeds())
    return _mutate(draw, draw(st.sampled_from(_V2_SEEDS)))


_KERNEL_CHILD = r"""
import sys
sys.set_int_max_str_digits(0)
from exactnet.errors import ExactnetError
from exactnet.kernel import check_bytes, check_file
path = PATH
data = open(path, "rb").read()
for name, run in (("check_file", lambda: check_file(path)), ("check_bytes", lambda: check_bytes(data))):
    try:
        run()
    except ExactnetError:
        pass
    except Exception as exc:  # outside the documented error family: CertificateError, FormatError, limits
        sys.stderr.write(f"{name}: {type(exc).__name__}: {str(exc)[:300]}")
        sys.exit(3)
"""


def _run_kernel(tmp_path, doc, compress: bool, cut: int | None = None) -> None:
    path = tmp_path / "cert.json"
    text = dumps(doc)
    text = re.sub(r'"@@DIGITS([0-9]+)@@"', lambda m: "7" * int(m.group(1)), text)
    text = re.sub(r'"@@DEEP([0-9]+)@@"', lambda m: "[" * int(m.group(1)) + "]" * int(m.group(1)), text)
    data = text.encode()[:cut] if cut is not None else text.encode()  # cut: truncated files
    path.write_bytes(gzip.compress(data) if compress else data)
    assert_clean(run_python(_KERNEL_CHILD.replace("PATH", repr(str(path))), timeout=60, memory=4 * 1024**3))
    out = run_python(_CLI_CHILD.replace("ARGV", repr(["check", str(path)])), timeout=60, memory=4 * 1024**3)
    assert_clean(out)


@_FAST
@given(doc=hostile_v2_certificates(), compress=st.booleans(), cut=st.one_of(st.none(), st.integers(0, 400)))
def test_kernel_on_hostile_v2_certificates(tmp_path, doc, compress, cut):
    _run_kernel(tmp_path, doc, compress, cut)


@pytest.mark.slow
@_SLOW
@given(doc=hostile_v2_certificates(), compress=st.booleans(), cut=st.one_of(st.none(), st.integers(0, 4000)))
def test_kernel_on_hostile_v2_certificates_long(tmp_path, doc, compress, cut):
    _run_kernel(tmp_path, doc, compress, cut)
