"""The result protocol (``exactnet.core.result``) on the public API: every public callable of the facade
``exactnet`` (and of ``exactnet.certificates.ranks``) is either a computation checked here on a small
instance, or listed below as an exception with the reason (values that are not computations:
constructors, loaders, coercions, operations on arrays, checkers, registries), or a computation whose
module has not adopted the protocol yet (``PENDING``, named with its module; each is run and reported,
and an entry that follows the protocol must move to ``COMPUTATIONS``).

A result follows the protocol when it has ``value``, ``status`` (exact / lower-bound / upper-bound /
almost-everywhere), ``field``, ``certificate`` (a version-2 ``exactnet.core.certificate.Certificate``)
and ``check()``, whose report has ``verdict == "valid"`` and the detail in its own field.
"""

from __future__ import annotations

import pytest

import exactnet
from exactnet.certificates import ranks
from exactnet.core.certificate import Certificate
from exactnet.core.result import STATUSES, Result, ResultProtocol, protocol_problems
from exactnet.errors import CertificateError


def _net():
    return exactnet.DeepConvAC.from_windows(4, 2, [2, 2], window=2, seed=0, low=-3, high=3)


#: computations in scope: name -> a call on a small instance
COMPUTATIONS = {
    "rank": lambda: exactnet.rank([[1, 2, 3], [2, 4, 6], [1, 0, 1]]),
    "rank_mod_p": lambda: exactnet.rank_mod_p([[1, 2], [3, 4]], 7),
    "ranks.network_rank": lambda: ranks.network_rank(_net(), "odd-even"),
    "ranks.shallow_width_needed": lambda: ranks.shallow_width_needed(_net(), "odd-even"),
    "depth_efficiency_certificate": lambda: exactnet.depth_efficiency_certificate(4, 2, [2, 1]),
    "generic_rank_certificate": lambda: exactnet.generic_rank_certificate(exactnet.PoolingTree.binary(4), 2, [2, 1],
                                                                          "odd-even"),
    "low_high_certificate": lambda: exactnet.low_high_certificate(4, 2, [2, 1]),
    "depth_lc_certificate": lambda: exactnet.depth_lc_certificate(4, 2, [2, 2], 1),
    "rank_one_sum_certificate": lambda: exactnet.rank_one_sum_certificate(exactnet.ShallowConvAC.random(4, 2, 2, seed=0)),
    "shallow_rank_bound": lambda: exactnet.shallow_rank_bound(4, 2, 3),
    "symbolic_minor": lambda: exactnet.symbolic_minor(4, 2, (2, 1)),
    "average_pooling_realizability": lambda: exactnet.average_pooling_realizability([[1, 2], [3, 4]]),
    "realize_shallow_max": lambda: exactnet.realize_shallow_max([[1, 2], [3, 4]]),
    "realize_deep_max": lambda: exactnet.realize_deep_max([[[0, 1], [1, 0]], [[1, 0], [0, 1]]], tree=[[0, 1], 2]),
    "compare_pooling": lambda: exactnet.compare_pooling(4, 2),
    "structured_rank": lambda: exactnet.structured_rank(8, "odd-even", M=2, widths=2),
    "pooling_bounds": lambda: exactnet.pooling_bounds(exactnet.PoolingTree.from_windows(8, 2), 2, (2, 2, 2), "odd-even"),
    "enumerate_regions": lambda: exactnet.enumerate_regions(exactnet.relu_network([[[1], [-1]]], [[0, 0]]),
                                                            exactnet.Box([-1], [1])),
}

#: computations whose modules have not adopted the protocol yet: name -> (module, a call); empty today, kept
#: so that a new computation can be listed here until it follows the protocol
PENDING: dict = {}

_ERRORS = "exception classes"
_CONSTRUCT = "constructs a value (a network, representation, tree, partition, region, decomposition or array)"
_ARRAYS = "an operation on exact arrays: the value is the array itself, exact by construction; nothing is claimed"
_LINALG = ("linear algebra on an explicit matrix whose value the kernel's vocabulary cannot state yet (no determinant, "
           "minor or nullspace quantity); exact, checked by independent oracles in the tests")
#: public callables that are not computations (or not yet statable), with the reason
EXCEPTIONS = {
    **{name: _ERRORS for name in ("ExactnetError", "InexactInputError", "InvalidArgumentError", "ShapeError",
                                  "PartitionError", "DomainError", "ResourceLimitError", "CertificateError",
                                  "FormatError", "UnknownTheoremError")},
    **{name: _CONSTRUCT for name in ("Q", "QArray", "Partition", "PoolingTree", "CPDecomposition", "HTDecomposition",
                                     "Representation", "ShallowConvAC", "DeepConvAC", "bentkamp_witness",
                                     "ShallowRectifierNet", "DeepRectifierNet", "relu_templates", "PoolingOperator",
                                     "GCConvAC", "GCLayer", "partition_by_name", "PWLNetwork", "relu_network", "Box",
                                     "Polytope")},
    **{name: _ARRAYS for name in ("matricize", "unmatricize", "outer", "mode_product", "kron", "cp_to_tensor",
                                  "ht_to_tensor", "cp_to_matricization", "apply_representation")},
    **{name: _LINALG for name in ("det", "minor", "nullspace", "rank_profile")},
    **{name: "coerces input to exact values (or imports a model): a conversion, not a computation"
       for name in ("as_rational", "from_float", "as_rational_array", "from_numpy", "from_torch", "from_onnx")},
    **{name: "reads or writes files" for name in ("load_network", "load_tensor", "save_json", "load_certificate")},
    **{name: "checks a certificate: returns the kernel's report (verdict and detail), the end of a result's check()"
       for name in ("check_certificate", "check_file")},
    **{name: "the memory limit of dense arrays (a setting and its guard)" for name in ("check_dense_size",
                                                                                       "dense_limit")},
    **{name: "the registry of checks of published statements (each check returns a verdict, not a quantity)"
       for name in ("all_checks", "get_check")},
    **{name: "the types of results and certificates" for name in ("RankResult", "MatrixRankCertificate",
                                                                   "Certificate", "ranks.Result")},
    **{name: "constructs a conjecture (a value) or reads one from a file or the built-in library"
       for name in ("Conjecture", "conjecture", "Space", "load_conjecture")},
    "claim": ("judges a result's evidence for one relation (holds / refuted / potential / unknown): it reads a "
              "result and its certificate, which follow the protocol, and states nothing of its own"),
    "search": ("a search for counterexamples: its status is refuted / holds-up-to / unknown, not a bound; the "
               "counterexample's certificate follows the protocol (result.certificate, result.check())"),
    "ranks.tied_certificate": ("rewrites a rank already computed (a RankResult) as the certificate of a network's "
                               "matricization: a conversion whose output is itself a Certificate"),
}


def _public_callables() -> set[str]:
    names = {n for n in exactnet.__all__ if callable(getattr(exactnet, n))}
    return names | {f"ranks.{n}" for n in ranks.__all__ if callable(getattr(ranks, n))}


def test_every_public_callable_is_classified():
    classified = set(COMPUTATIONS) | set(PENDING) | set(EXCEPTIONS)
    unclassified = sorted(_public_callables() - classified)
    assert not unclassified, f"classify these public callables in tests/test_result_protocol.py: {unclassified}"
    assert not set(COMPUTATIONS) & set(EXCEPTIONS) and not set(PENDING) & set(EXCEPTIONS)
    assert all(isinstance(reason, str) and reason for reason in EXCEPTIONS.values())


@pytest.mark.parametrize("name", sorted(COMPUTATIONS))
def test_computations_follow_the_protocol(name):
    res = COMPUTATIONS[name]()
    assert protocol_problems(res) == [], name
    assert isinstance(res.certificate, Certificate) and res.status in STATUSES
    report = res.check()
    assert report.verdict == "valid" and report.detail  # a fixed verdict, the detail in its own field
    assert report.proposition.value == res.value or res.certificate is res


@pytest.mark.parametrize("name", sorted(n for n, (_, call) in PENDING.items() if call is not None))
def test_pending_computations_are_reported(name):
    """Run each pending computation: once it follows the protocol, it must move to COMPUTATIONS."""
    module, call = PENDING[name]
    res = call()
    problems = protocol_problems(res, check=False)
    assert problems, f"{name} ({module}) now follows the result protocol: move it to COMPUTATIONS"


def test_a_result_whose_certificate_states_another_value_fails_its_check():
    good = ranks.network_rank(_net(), "odd-even")
    forged = Result(good.value + 1, good.status, good.field, good.certificate)
    with pytest.raises(CertificateError, match="not this result's value"):
        forged.check()
    weaker = Result(good.value, "lower-bound", good.field, good.certificate)
    with pytest.raises(CertificateError, match="lower-bound"):
        weaker.check()
    with pytest.raises(CertificateError, match="status"):
        Result(1, "certain", "Q", good.certificate)


def test_protocol_problems_names_what_is_missing():
    assert protocol_problems(object()) == ["no attribute value, status, field, certificate, check"]
    uncertified = exactnet.rank([[1, 2], [2, 4]], certify=False)
    assert isinstance(uncertified, ResultProtocol)
    assert "not a version-2 Certificate" in protocol_problems(uncertified)[0]
    with pytest.raises(CertificateError, match="no certificate"):
        uncertified.check()


def test_the_rank_certificate_is_a_version_2_certificate_with_its_earlier_spellings():
    cert = exactnet.rank([[1, 2], [2, 4]]).certificate
    assert isinstance(cert, Certificate) and cert.certificate is cert
    assert cert.evidence() == cert.evidence and cert.proposition() == cert.proposition  # the earlier method calls
    assert cert.to_certificate() == Certificate(cert.proposition, cert.evidence)
    assert cert.to_dict()["schema_version"] == 2
    assert cert.to_json()["schema_version"] == 2


def test_region_and_table_certificates_are_the_one_certificate_type():
    """enumerate_regions and compare_pooling give their certificate as an attribute of the one type."""
    E = COMPUTATIONS["enumerate_regions"]()
    assert type(E.certificate) is Certificate and E.certificate.is_valid()
    table = COMPUTATIONS["compare_pooling"]()
    assert type(table.certificate) is Certificate and table.certificate.is_valid()


def test_region_results_state_what_their_certificate_proves():
    net = exactnet.relu_network([[[1, 0, 0], [0, 1, 0]], [[1, 0]]], [[0, 0], [0]])
    box = exactnet.Box([-1, -1, -1], [1, 1, 1])
    E = exactnet.enumerate_regions(net, box)  # lp: the linear count has no adjacency evidence
    assert (E.method, E.value, E.status) == ("lp", (4, 2), "exact")
    assert E.certificate.quantity == "activation_regions" and E.check().proposition.value == 4
    partial = exactnet.enumerate_regions(net, box, max_regions=1)
    assert partial.status == "lower-bound" and partial.check().proposition.status == "lower-bound"
    import dataclasses

    forged = dataclasses.replace(E, activation_regions=5)  # the certificate is written from the result: it fails
    with pytest.raises(CertificateError, match="does not entail"):
        forged.check()
    overstated = dataclasses.replace(partial, status="exact")
    with pytest.raises(CertificateError, match="not this result's value"):
        overstated.check()


def test_several_figures_have_one_main_value():
    b = COMPUTATIONS["pooling_bounds"]()
    assert (b.value, b.status) == (b.upper, "upper-bound") and b.lower <= b.upper
    assert b.check().proposition.relation == "<="
    from exactnet.theorems.structured import StructuredRank

    s = COMPUTATIONS["structured_rank"]()
    assert s.status == "almost-everywhere" and s.value == s.rank == s.check().proposition.value
    unpinned = StructuredRank((s.lower, s.lower + 1), "Q", "lower-bound", s.method, s.certificate, s.lower,
                              s.lower + 1, s.partition)
    assert unpinned.value == s.lower  # the certified lower bound is the main figure
    with pytest.raises(CertificateError, match="almost-everywhere"):
        unpinned.check()  # the certificate states an equality, not only the lower bound


def test_non_realizability_is_a_result_too():
    res = exactnet.average_pooling_realizability([[[1, 0], [0, 1]], [[0, 1], [1, 0]]], tree=[[0, 1], 2])
    assert protocol_problems(res) == [] and res.kind == "not_realizable" and res.value is None
