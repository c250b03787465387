"""Layer 2: grid tensors, partitions, matricization, pooling trees, CP/HT decompositions.

**Modes are 0-based** everywhere in this package: the paper's odd modes {1, 3, ...} are our
modes {0, 2, ...} (the named partition ``"odd-even"``).  See ``docs/design.md``.
"""

from .memory import (
    DEFAULT_DENSE_LIMIT,
    check_dense_size,
    dense_limit,
    estimate_dense_bytes,
    get_dense_limit,
    set_dense_limit,
)
from .partitions import PARTITION_NAMES, Partition, as_partition
from .matricize import matricize, unmatricize
from .ops import kron, mode_product, mode_products, outer
from .trees import PoolingTree
from .decompositions import (
    CPDecomposition,
    HTDecomposition,
    apply_representation,
    cp_rank_one_terms,
    cp_to_matricization,
    cp_to_tensor,
    ht_to_tensor,
    to_tensor,
)
from .tt import TTDecomposition, caterpillar_tree, ht_to_tt, is_caterpillar, tt_parameter_count, tt_to_ht, tt_to_tensor
from .generalized import OPERATORS, PoolingOperator, gcp_to_tensor, generalized_outer, get_operator, ght_to_tensor
from .geometry import (
    PARTITION_NAMES_1D,
    PARTITION_NAMES_2D,
    all_balanced_partitions,
    partition_by_name,
    partition_from_sets,
    quad_tree_order,
    random_partitions,
)

__all__ = [
    "DEFAULT_DENSE_LIMIT",
    "check_dense_size",
    "dense_limit",
    "estimate_dense_bytes",
    "get_dense_limit",
    "set_dense_limit",
    "PARTITION_NAMES",
    "Partition",
    "as_partition",
    "matricize",
    "unmatricize",
    "kron",
    "mode_product",
    "mode_products",
    "outer",
    "PoolingTree",
    "CPDecomposition",
    "HTDecomposition",
    "apply_representation",
    "cp_rank_one_terms",
    "cp_to_matricization",
    "cp_to_tensor",
    "ht_to_tensor",
    "to_tensor",
    "TTDecomposition",
    "caterpillar_tree",
    "is_caterpillar",
    "tt_to_tensor",
    "tt_to_ht",
    "ht_to_tt",
    "tt_parameter_count",
    "OPERATORS",
    "PoolingOperator",
    "get_operator",
    "generalized_outer",
    "gcp_to_tensor",
    "ght_to_tensor",
    "PARTITION_NAMES_1D",
    "PARTITION_NAMES_2D",
    "partition_by_name",
    "partition_from_sets",
    "all_balanced_partitions",
    "random_partitions",
    "quad_tree_order",
]
