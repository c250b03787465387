"""Dense-size limits: refusal before allocation, message content, limit precedence."""

from __future__ import annotations

import pytest

from exactnet.core.qarray import QArray
from exactnet.errors import InvalidArgumentError, ResourceLimitError
from exactnet.tensors import (
    CPDecomposition,
    HTDecomposition,
    PoolingTree,
    check_dense_size,
    cp_to_tensor,
    dense_limit,
    estimate_dense_bytes,
    get_dense_limit,
    ht_to_tensor,
    kron,
    outer,
    set_dense_limit,
)
from exactnet.tensors import memory
from exactnet.tensors.memory import DEFAULT_DENSE_LIMIT, ENV_VAR, parse_bytes


@pytest.fixture(autouse=True)
def _clean_limit(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    old = set_dense_limit(None)
    yield
    set_dense_limit(old)


def test_estimate_is_exact_python_int():
    assert estimate_dense_bytes((4,) * 64) == 8 * 4**64
    assert estimate_dense_bytes((2, 3), entry_bytes=16) == 96
    assert estimate_dense_bytes(()) == 8


def test_estimate_refuses_bad_shape_and_entry_bytes():
    with pytest.raises(InvalidArgumentError, match="Argument 'shape' must be a sequence of mode sizes"):
        estimate_dense_bytes((2, -1))
    with pytest.raises(InvalidArgumentError, match="Argument 'shape'"):
        estimate_dense_bytes(5)
    with pytest.raises(InvalidArgumentError, match="Argument 'shape'"):
        estimate_dense_bytes((2.0, 3))
    with pytest.raises(InvalidArgumentError, match="Argument 'entry_bytes' must be an int >= 1"):
        estimate_dense_bytes((2,), entry_bytes=0)


def test_default_limit_is_4_gib():
    assert get_dense_limit() == DEFAULT_DENSE_LIMIT == 4 * 1024**3
    assert check_dense_size((8,) * 8) == 8 * 8**8  # the deep N=8, M=8 grid tensor fits


def test_refusal_n64_m4_message():
    with pytest.raises(ResourceLimitError) as info:
        check_dense_size((4,) * 64, what="grid tensor")
    msg = str(info.value)
    assert "grid tensor" in msg
    assert "(64 modes)" in msg and "(4, 4, 4, ..., 4)" in msg
    assert "4^64 = 3.4e38 entries" in msg
    assert "~2.7e39 bytes" in msg
    assert "limit of 4294967296 bytes (4.0 GiB)" in msg
    assert "structured computation" in msg
    assert "smaller N or M" in msg
    assert "set_dense_limit" in msg and "dense_limit" in msg and ENV_VAR in msg
    assert isinstance(info.value, MemoryError)


def test_refusal_mixed_shape_run_length_text():
    with dense_limit(10):
        with pytest.raises(ResourceLimitError, match=r"shape \(3, 2, 2\): 3\*2\^2 = 12 entries, ~96 bytes"):
            check_dense_size((3, 2, 2), what="HT tensor")


def test_ht_tensor_n64_m4_refused_before_allocation():
    tree = PoolingTree.from_windows(64, 2)
    e = QArray.from_nested([[1, 0, 0, 0]])
    ht = HTDecomposition(tree, [e] * 64, [QArray.from_nested([[1]])] * len(tree.internal_nodes()), [[1]])
    with pytest.raises(ResourceLimitError, match=r"dense HT tensor of shape .*4\^64 = 3\.4e38 entries"):
        ht_to_tensor(ht, output=0)
    with pytest.raises(ResourceLimitError, match=r"1\*4\^64"):
        ht_to_tensor(ht)


def test_cp_outer_kron_are_checked():
    cp = CPDecomposition([[[1, 1]]] * 20, [[1]])
    with dense_limit(1000):
        with pytest.raises(ResourceLimitError, match="CP tensor"):
            cp_to_tensor(cp)
        with pytest.raises(ResourceLimitError, match="outer product"):
            outer(*([QArray.from_nested([1, 1])] * 10))
        with pytest.raises(ResourceLimitError, match="Kronecker product"):
            kron(QArray.identity(8), QArray.identity(8))
    assert cp_to_tensor(cp, 0).shape == (2,) * 20  # 8 MiB fits the default


def test_precedence_context_then_set_then_env_then_default(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "2GiB")
    assert get_dense_limit() == 2 * 1024**3
    set_dense_limit(12345)
    assert get_dense_limit() == 12345
    with dense_limit("1KiB"):
        assert get_dense_limit() == 1024
        with dense_limit(7):
            assert get_dense_limit() == 7
        assert get_dense_limit() == 1024
    assert get_dense_limit() == 12345
    assert set_dense_limit(None) == 12345
    assert get_dense_limit() == 2 * 1024**3
    monkeypatch.delenv(ENV_VAR)
    assert get_dense_limit() == DEFAULT_DENSE_LIMIT


def test_context_limit_restored_after_exception():
    with pytest.raises(ResourceLimitError):
        with dense_limit(8):
            check_dense_size((2,))
    assert get_dense_limit() == DEFAULT_DENSE_LIMIT


def test_env_var_raises_the_limit(monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(8 * 4**64))
    assert check_dense_size((4,) * 64) == 8 * 4**64


def test_bad_env_var_is_named(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "lots")
    with pytest.raises(InvalidArgumentError, match=f"Argument '{ENV_VAR}' must be a positive number of bytes"):
        check_dense_size((2,))


@pytest.mark.parametrize("bad", [0, -5, "1.5GiB", "12 parsecs", True, 2.0, None])
def test_bad_limits_refused(bad):
    with pytest.raises(InvalidArgumentError, match="Argument 'limit' must be a positive number of bytes"):
        parse_bytes(bad)
    if bad is not None:
        with pytest.raises(InvalidArgumentError, match="Argument 'limit'"):
            set_dense_limit(bad)


def test_parse_bytes_units():
    assert parse_bytes("3") == 3
    assert parse_bytes("2k") == 2048
    assert parse_bytes("5 MB") == 5_000_000
    assert parse_bytes("1TiB") == 1024**4


def test_sci_formatting_uses_integers_only():
    assert memory._sci(999_999) == "999999"
    assert memory._sci(4**64) == "3.4e38"
    assert memory._sci(996 * 10**10) == "1.0e13"  # rounding carries into the exponent
    assert memory._sci(10**400) == "1.0e400"  # far beyond float range
