r"""The registry of built-in checks: each claim of :mod:`exactnet.claims`, its instances, and how to certify them.

A :class:`Check` has a stable ``id`` (e.g. ``"csh2016-thm1"``), a title, the claim in words, its
source and default instances; the citation, the stated values and the findings come from the claims
library (:mod:`exactnet.claims.sources`).  :meth:`Check.run` builds the certificate through the public
provers, re-verifies it with the **independent checker**, reads the certified value from the checker's
answer and compares it with the value the source states:

* ``"confirmed"``: the certificate is valid and the certified value is the stated one;
* ``"contradicts-published"`` / ``"sharper-than-published"``: the certificate is valid and the certified
  value differs from a published statement, which the message names (the computation is trusted; the
  instance is kept as a finding);
* ``"failed"``: no valid certificate (a prover error, or the checker rejected it), or a certified value
  that differs from the stated one where the library records no finding.

Examples
--------
>>> check = get_check("csh2016-thm1")
>>> out = check.run("N4_M2_r2-1_unshared")
>>> out.verdict, out.value, out.expected
('confirmed', 4, 4)
>>> get_check("no-such-check")
Traceback (most recent call last):
  ...
exactnet.errors.UnknownTheoremError: Unknown check id 'no-such-check'; known ids: bentkamp-witness, ...csh2016-thm1...
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterator, Mapping

from ..certificates import Certificate
from ..claims._types import VERDICTS
from ..claims.sources import META as _META
from ..errors import CertificateError, ExactnetError, UnknownTheoremError
from ..tensors import PoolingTree
from . import _provers as provers

__all__ = [
    "VERDICTS",
    "Check",
    "CheckOutcome",
    "CHECKS",
    "get_check",
    "all_checks",
    "iter_instances",
    "register",
]




@dataclass(frozen=True)
class CheckOutcome:
    """The result of running one instance of a check.

    Attributes
    ----------
    verdict : str
        One of :data:`VERDICTS`.
    certificate : exactnet.certificates.Certificate or exactnet.core.certificate.Certificate or None
        The certificate (valid unless the verdict is ``"failed"``).
    seconds : float
        Wall time of proving plus independent checking.
    message : str
        One readable line.
    value, expected : any
        The certified value (read from the checker's answer) and the value the source states.
    """

    verdict: str
    certificate: Certificate | None
    seconds: float
    message: str
    value: Any = None
    expected: Any = None

    @property
    def ok(self) -> bool:
        """True unless the verdict is ``"failed"``."""
        return self.verdict != "failed"

    def to_dict(self) -> dict:
        """JSON-ready summary (without the certificate)."""
        return {"verdict": self.verdict, "seconds": round(self.seconds, 4), "message": self.message,
                "value": self.value, "expected": self.expected}


@dataclass(frozen=True)
class Check:
    """A registered, re-runnable theory check.

    ``instances`` are parameter dicts with keys ``name`` (stable, used in file names), ``params``
    (passed to the prover) and ``expected`` (the value the source states; the claims library may
    override it).
    """

    id: str
    title: str
    claim: str
    source: str
    instances: tuple
    prove: Callable[[Mapping], Certificate] = field(repr=False)
    value: Callable[[Mapping, Certificate], Any] = field(repr=False)

    @property
    def default_instances(self) -> tuple:
        return self.instances

    def instance(self, name: str) -> Mapping:
        """The instance called ``name``."""
        for inst in self.instances:
            if inst["name"] == name:
                return inst
        known = ", ".join(i["name"] for i in self.instances)
        raise UnknownTheoremError(f"Check '{self.id}' has no instance '{name}'; its instances: {known}")

    def run(self, instance: Mapping | str) -> CheckOutcome:
        """Prove, independently check, and compare with the stated value (see the module docstring)."""
        inst = self.instance(instance) if isinstance(instance, str) else instance
        meta = _META.get(self.id, {})
        expected = meta.get("expected", {}).get(inst["name"], inst.get("expected"))
        start = time.perf_counter()
        cert = None
        try:
            cert = self.prove(inst["params"])
            report = cert.check()
            facts = getattr(report, "facts", report)
            value = self.value(facts, cert)
        except CertificateError as exc:
            return CheckOutcome("failed", cert, time.perf_counter() - start,
                                f"the independent checker rejected the certificate: {exc}", None, expected)
        except ExactnetError as exc:
            return CheckOutcome("failed", cert, time.perf_counter() - start, f"could not certify: {exc}", None, expected)
        seconds = time.perf_counter() - start
        if value == expected:
            return CheckOutcome("confirmed", cert, seconds, f"certified {_show(value)}", value, expected)
        finding = meta.get("findings", {}).get(inst["name"])
        if finding is not None:
            return CheckOutcome(finding.verdict, cert, seconds, finding.describe(expected, value), value, expected)
        return CheckOutcome("failed", cert, seconds, f"certified {_show(value)}, but the claim states "
                            f"{_show(expected)} and records no finding", value, expected)


def _show(v: Any) -> str:
    if isinstance(v, dict):
        return ", ".join(f"{k}={x}" for k, x in v.items())
    return str(v)


CHECKS: dict[str, Check] = {}


def register(check: Check) -> Check:
    """Add a check to :data:`CHECKS` (ids must be unique).

    >>> register(get_check("csh2016-thm1"))
    Traceback (most recent call last):
      ...
    ValueError: duplicate check id 'csh2016-thm1'
    """
    if check.id in CHECKS:
        raise ValueError(f"duplicate check id {check.id!r}")
    if check.id in _META:  # the citation comes from the claims library
        check = replace(check, source=_META[check.id]["cite"].text())
    names = [i["name"] for i in check.instances]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate instance names in {check.id!r}")
    CHECKS[check.id] = check
    return check


def get_check(check_id: str) -> Check:
    """The registered check with this id (:class:`~exactnet.errors.UnknownTheoremError` otherwise)."""
    try:
        return CHECKS[check_id]
    except (KeyError, TypeError):
        raise UnknownTheoremError(f"Unknown check id {check_id!r}; known ids: {', '.join(sorted(CHECKS))}") from None


def all_checks() -> list[Check]:
    """Every registered check, in registration order.

    >>> all_checks()[0].id
    'csh2016-thm1'
    """
    return list(CHECKS.values())


def iter_instances(only: Any = None) -> Iterator[tuple[Check, Mapping]]:
    """``(check, instance)`` pairs of every check (or of the ids in ``only``).

    >>> [inst["name"] for _, inst in iter_instances(["csh2016-size"])]
    ['N8_M2_r2']
    """
    ids = list(CHECKS) if not only else list(only)
    for cid in ids:
        check = get_check(cid)
        for inst in check.instances:
            yield check, inst


# ============================================================================================ values
def _with_tensor(p: Mapping) -> Any:
    """Bentkamp's witness: its grid tensor is checked first (CertificateError if not), then its rank is proved."""
    provers.bentkamp_tensor_certificate(p["N"], p["M"], tuple(p["widths"])).check()
    return provers.bentkamp_witness_certificate(p["N"], p["M"], tuple(p["widths"]))


def _dash(ws) -> str:
    return "-".join(str(w) for w in ws)


# ============================================================================================ checks
_THM1 = [(4, 2, (2, 1), 4), (4, 3, (2, 2), 4),
         (8, 2, (2, 1, 1), 16), (8, 3, (3, 3, 3), 81)]

register(Check(
    id="csh2016-thm1",
    title="Depth efficiency (Theorem 1): generic odd-even rank min(r0,M)^(N/2); shallow nets need Z >= it",
    claim=("For almost every weight setting (shared or unshared) of a binary-tree deep ConvAC, the odd-even "
           "matricization has rank min(r_0, M)^(N/2) exactly; hence a shallow ConvAC computing the same function "
           "needs Z >= min(r_0, M)^(N/2)."),
    source="Cohen, Sharir, Shashua, COLT 2016, Theorem 1 (Bentkamp's Isabelle formalization)",
    instances=tuple(
        {"name": f"N{N}_M{M}_r{_dash(ws)}_{'shared' if sh else 'unshared'}",
         "params": {"N": N, "M": M, "widths": list(ws), "shared": sh}, "expected": R}
        for N, M, ws, R in _THM1 for sh in (False, True)
    ),
    prove=lambda p: provers.depth_efficiency_certificate(p["N"], p["M"], tuple(p["widths"]), shared=p["shared"]),
    value=lambda s, c: s["value"],
))

register(Check(
    id="csh2016-shallow-cp",
    title="Shallow ConvAC: rank of every matricization <= Z (and = Z generically)",
    claim=("rank [A]_{I,J} <= CP-rank(A) <= Z for a shallow ConvAC with Z channels, any partition, any weights; "
           "a random integer network reaches Z (exact rank by core.linalg)."),
    source="Khrulkov et al. Lemma 1 / Isabelle matrix_rank_le_cp_rank",
    instances=(
        {"name": "N4_M3_Z5_odd-even", "params": {"N": 4, "M": 3, "Z": 5, "rows": [0, 2]}, "expected": 5},
        {"name": "N4_M3_Z5_low-high", "params": {"N": 4, "M": 3, "Z": 5, "rows": [0, 1]}, "expected": 5},
        {"name": "N6_M2_Z5_rows-0-3-4", "params": {"N": 6, "M": 2, "Z": 5, "rows": [0, 3, 4]}, "expected": 5},
    ),
    prove=lambda p: provers.shallow_cp_certificate(p["N"], p["M"], p["Z"], p["rows"]),
    value=lambda s, c: s["value"],
))

_LH = [(4, 3, (2, 2), 2), (4, 3, (3, 5), 3), (4, 3, (4, 5), 4), (4, 3, (9, 4), 4), (4, 3, (9, 9), 9),
       (8, 2, (2, 2, 2), 2), (8, 2, (2, 1, 1), 1)]

register(Check(
    id="csh2016-low-high",
    title="Low/high partition: generic rank min{r_0, r_1, M^2} (N=4), bounded by r_top",
    claim=("For almost every weight setting of a binary-tree deep ConvAC, the low/high matricization "
           "(rows 0..N/2-1) has the rank given by the span recursion (N=4: min{r_0, r_1, M^2}; always <= r_top)."),
    source="derived here",
    instances=tuple(
        {"name": f"N{N}_M{M}_r{_dash(ws)}", "params": {"N": N, "M": M, "widths": list(ws)}, "expected": R}
        for N, M, ws, R in _LH
    ),
    prove=lambda p: provers.low_high_certificate(p["N"], p["M"], tuple(p["widths"])),
    value=lambda s, c: s["value"],
))

_LC = [(8, 2, (2, 4, 4), 2, 4), (8, 2, (4, 2, 4), 2, 4),
       (8, 2, (4, 3, 4), 2, 9), (8, 2, (4, 4, 4), 2, 16),
       # the closed form min{r_0..r_{Lc-1}, M^(2^(Lc-1))}^(N/2^Lc), evaluated for Lc = 3:
       (8, 2, (2, 4, 4), 3, 2),
       (16, 2, (2, 4, 4, 4), 3, 4)]

register(Check(
    id="csh2016-depth-lc",
    title="Depth L vs depth L_c: generic rank for odd/even blocks of 2^(Lc-1) modes",
    claim=("For almost every weight setting of a binary deep ConvAC, the matricization with rows = the "
           "odd-numbered blocks of 2^(Lc-1) consecutive modes has rank D^(N/2^Lc) (D_0 = min(r_0, M), "
           "D_l = min(r_l, r_{l-1}, D_{l-1}^2)); a depth-Lc ConvAC pooling those blocks needs r'_{Lc-1} >= it."),
    source="Cohen, Sharir & Shashua 2016, depth L vs L_c",
    instances=tuple(
        {"name": f"N{N}_M{M}_Lc{Lc}_r{_dash(ws)}", "params": {"N": N, "M": M, "widths": list(ws), "Lc": Lc},
         "expected": R}
        for N, M, ws, Lc, R in _LC
    ),
    prove=lambda p: provers.depth_lc_certificate(p["N"], p["M"], tuple(p["widths"]), p["Lc"]),
    value=lambda s, c: s["value"],
))

_QUAD = [((2, 2), "odd-even", False, 16), ((2, 2), "low-high", False, 2),
         ((4, 4), "odd-even", False, 256), ((4, 4), "odd-even", True, 81),
         ((3, 3), "odd-even", False, 81)]

register(Check(
    id="cs2017-quad-tree",
    title="Quad-tree ConvAC (windows of 4), N=16, M=2: generic ranks, unshared vs shared",
    claim=("For almost every weight setting of the quad-tree deep ConvAC (N=16, M=2), the odd-even and low/high "
           "matricizations have the ranks given by the span recursion; with shared weights the level-1 row spaces "
           "lie in Sym^2, of dimension M(M+1)/2 = 3, so r_0 = r_1 = 4 gives 3^4 = 81 instead of 256."),
    source="Cohen, Shashua, ICLR 2017 (pooling geometry), Theorem 1",
    instances=tuple(
        {"name": f"N16_M2_r{_dash(ws)}_{part}_{'shared' if sh else 'unshared'}",
         "params": {"widths": list(ws), "partition": part, "shared": sh}, "expected": R}
        for ws, part, sh, R in _QUAD
    ),
    prove=lambda p: provers.generic_rank_certificate(
        PoolingTree.from_windows(16, 4), 2, tuple(p["widths"]), p["partition"], shared=p["shared"],
        label="quad-tree ConvAC"),
    value=lambda s, c: s["value"],
))

register(Check(
    id="csh2016-shared-shallow",
    title="Shared shallow ConvACs are not universal: e_0 (x) e_1 is not symmetric",
    claim=("Every shared shallow ConvAC has a symmetric coefficient tensor sum_z a_z (x)^N a^z, so the "
           "non-symmetric A = e_0 (x) e_1 (N = 2) is realized by no shared shallow ConvAC of any width."),
    source="Cohen, Shashua, ICLR 2017 notes 2 and 7",
    instances=({"name": "N2_M2", "params": {"N": 2, "M": 2}, "expected": True},),
    prove=lambda p: provers.shared_shallow_obstruction_certificate(p["N"], p["M"]),
    value=lambda s, c: s["status"] == "exact" and c.relation == "holds",
))

register(Check(
    id="csh2016-size",
    title="Size accounting: 14 deep weights vs Z >= 16 (272 unshared shallow weights)",
    claim=("The shared deep ConvAC N=8, M=2, r_l=2 has 14 weights; for almost all of its weight settings a "
           "shallow ConvAC computing the same function needs Z >= 16, i.e. >= 272 weights unshared."),
    source="derived here",
    instances=({"name": "N8_M2_r2", "params": {"N": 8, "M": 2, "r": 2},
                "expected": {"deep_weights": 14, "shallow_width_needed": 16, "shallow_weights_unshared": 272}},),
    prove=lambda p: provers.size_accounting_certificate(p["N"], p["M"], p["r"]),
    value=lambda s, c: {"deep_weights": c.evidence["premises"][0]["proposition"]["value"],
                        "shallow_width_needed": c.evidence["premises"][1]["proposition"]["value"],
                        "shallow_weights_unshared": s["value"]},
))

register(Check(
    id="bentkamp-witness",
    title="Bentkamp's witness: A*[d] = prod_k [d_2k = d_2k+1 < r_0], rank min(r_0,M)^(N/2)",
    claim=("The witness (layer 0 identity, layer 1 all-ones, copy-first above) has the stated coefficient "
           "tensor and odd-even rank min(r_0, M)^(N/2)."),
    source="Bentkamp, Isabelle AFP Deep_Learning, lemma witness_tensor",
    instances=({"name": "N4_M3_r2-2", "params": {"N": 4, "M": 3, "widths": [2, 2]}, "expected": 4},),
    prove=lambda p: _with_tensor(p),
    value=lambda s, c: s["value"],
))


# checks of the rectifier, linear-regions and overlap / pooling-geometry
# modules; they call register() above when imported
from . import _checks_rectifier, _checks_regions, _checks_overlap  # noqa: E402
from . import _checks_tt  # noqa: E402,F401  (tensor-train checks)

_CHECK_MODULES = (_checks_rectifier, _checks_regions, _checks_overlap)  # imported for their register() calls
from . import _checks_polynomial  # noqa: E402,F401  (polynomial networks: registers its checks)
