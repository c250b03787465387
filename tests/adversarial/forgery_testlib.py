"""Helpers shared by the forged-certificate tests in tests/adversarial (imported as ``forgery_testlib``)."""

import json

import pytest

from exactnet.errors import CertificateError
from exactnet.kernel import check_bytes, check_certificate


def assert_refused(cert: dict, field: str, match: str | None) -> None:
    """The kernel refuses ``cert`` with a message matching ``match`` (any message if None) and names a field
    under ``field``."""
    with pytest.raises(CertificateError, match=match) as info:
        check_certificate(cert)
    assert info.value.field.startswith(field), (info.value.field, str(info.value))


def assert_duplicate_key_refused(cert: dict, original: str, forged: str, key: str) -> None:
    """Replacing ``original`` by ``forged`` (once) in the JSON text of ``cert`` repeats ``key``: refused by name."""
    text = json.dumps(cert)
    bad = text.replace(original, forged, 1)
    assert bad != text
    with pytest.raises(CertificateError, match="duplicate") as info:
        check_bytes(bad)
    assert key in str(info.value)
