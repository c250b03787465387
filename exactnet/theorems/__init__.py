r"""Layer 5: theorem provers and the registry of built-in checks.

Provers build :class:`~exactnet.certificates.Certificate` objects; :meth:`Certificate.check`
re-verifies them with the independent checker.  Generic ("almost everywhere") statements are
certified by one witness minor (a non-zero polynomial is non-zero almost everywhere) plus a
structural upper bound.  **Modes are 0-based** (``"odd-even"`` rows are {0, 2, ...}).

Examples
--------
>>> c = depth_efficiency_certificate(4, 2, (2, 1))
>>> c.kind, c.value, c.is_valid()
('generic_shallow_width_needed', 4, True)
>>> get_check("csh2016-thm1").id
'csh2016-thm1'
"""

from .bounds import (
    RULE_ARGUMENTS,
    architecture_dict,
    depth_lc_dimension,
    shallow_rank_bound,
    structural_bounds,
    upper_bound_certificate,
)
from ._lower import (
    DEFAULT_PRIME,
    bentkamp_minor,
    dense_minor,
    find_witness,
    lc_witness,
    lower_bound_certificate,
)
from ._provers import (
    bentkamp_tensor_certificate,
    bentkamp_witness_certificate,
    deep_parameter_count,
    depth_efficiency_certificate,
    depth_lc_certificate,
    exact_rank_certificate,
    generic_rank_certificate,
    generic_rank_lower_bound,
    low_high_certificate,
    rank_one_sum_certificate,
    shallow_cp_certificate,
    shared_shallow_obstruction_certificate,
    size_accounting_certificate,
)
from .registry import CHECKS, Check, CheckOutcome, VERDICTS, all_checks, get_check, iter_instances
from ._symbolic import SymbolicMinor, symbolic_minor
from .rectifier import (
    average_pooling_realizability,
    compare_pooling,
    incompleteness_certificate,
    max_depth_efficiency_certificate,
    realize_deep_max,
    realize_shallow_max,
)
from .structured import StructuredRank, generic_odd_even_rank, kronecker_rank_certificate, structured_rank
from .geometry_bounds import pooling_bounds, sweep_partitions, thm1_certificate
from .overlap import gc_generic_rank, overlap_study


from ._checks_regions import region_bound_certificate, region_bound_facts  # noqa: E402

__all__ = [
    "region_bound_certificate",
    "region_bound_facts",
    "RULE_ARGUMENTS",
    "architecture_dict",
    "depth_lc_dimension",
    "shallow_rank_bound",
    "structural_bounds",
    "upper_bound_certificate",
    "DEFAULT_PRIME",
    "bentkamp_minor",
    "dense_minor",
    "find_witness",
    "lc_witness",
    "lower_bound_certificate",
    "bentkamp_witness_certificate",
    "bentkamp_tensor_certificate",
    "deep_parameter_count",
    "depth_efficiency_certificate",
    "depth_lc_certificate",
    "exact_rank_certificate",
    "generic_rank_certificate",
    "generic_rank_lower_bound",
    "low_high_certificate",
    "shallow_cp_certificate",
    "rank_one_sum_certificate",
    "shared_shallow_obstruction_certificate",
    "size_accounting_certificate",
    "CHECKS",
    "Check",
    "CheckOutcome",
    "VERDICTS",
    "all_checks",
    "get_check",
    "iter_instances",
    "SymbolicMinor",
    "symbolic_minor",
    "average_pooling_realizability",
    "compare_pooling",
    "incompleteness_certificate",
    "max_depth_efficiency_certificate",
    "realize_deep_max",
    "realize_shallow_max",
    "StructuredRank",
    "generic_odd_even_rank",
    "kronecker_rank_certificate",
    "structured_rank",
    "pooling_bounds",
    "sweep_partitions",
    "thm1_certificate",
    "gc_generic_rank",
    "overlap_study",
]
