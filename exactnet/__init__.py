"""exactnet: exact-arithmetic checks of deep-network expressivity theory.

A facade: it re-exports the public API of the layers (see ``docs/design.md``) and defines nothing.
**Modes are 0-based** everywhere: the paper's odd modes {1, 3, ...} are our modes {0, 2, ...}.

>>> import exactnet
>>> net = exactnet.bentkamp_witness(4, 3, [2, 2])
>>> res = exactnet.rank(exactnet.matricize(net.grid_tensor(output=0), "odd-even"))
>>> print(res)
rank 4 over Q (exact, certified)
>>> res.check().verdict.startswith("valid")
True
"""

from ._version import __version__
from .errors import (
    CertificateError,
    DomainError,
    ExactnetError,
    FormatError,
    InexactInputError,
    InvalidArgumentError,
    PartitionError,
    ResourceLimitError,
    ShapeError,
    UnknownTheoremError,
)
from .core.rational import Q, as_rational, from_float
from .core.qarray import QArray
from .core.linalg import MatrixRankCertificate, RankResult, det, minor, nullspace, rank, rank_mod_p, rank_profile
from .checker import check_certificate, check_file
from .tensors import (
    CPDecomposition,
    HTDecomposition,
    Partition,
    PoolingTree,
    apply_representation,
    check_dense_size,
    cp_to_matricization,
    cp_to_tensor,
    dense_limit,
    ht_to_tensor,
    kron,
    matricize,
    mode_product,
    outer,
    unmatricize,
)
from .networks import (
    DeepConvAC,
    Representation,
    ShallowConvAC,
    bentkamp_witness,
    load_network,
    load_tensor,
    save_json,
    ShallowRectifierNet,
    DeepRectifierNet,
    relu_templates,
    GCConvAC,
    GCLayer,
    PWLNetwork,
    relu_network,
)
from .tensors import PoolingOperator, partition_by_name
from .regions import Box, Polytope, enumerate_regions
from .certificates import Certificate, load_certificate
from .theorems import (
    all_checks,
    depth_efficiency_certificate,
    depth_lc_certificate,
    generic_rank_certificate,
    get_check,
    low_high_certificate,
    rank_one_sum_certificate,
    shallow_rank_bound,
    symbolic_minor,
    average_pooling_realizability,
    compare_pooling,
    realize_shallow_max,
    realize_deep_max,
    structured_rank,
    pooling_bounds,
)

__all__ = [
    "__version__",
    # errors
    "ExactnetError", "InexactInputError", "InvalidArgumentError", "ShapeError", "PartitionError",
    "DomainError", "ResourceLimitError", "CertificateError", "FormatError", "UnknownTheoremError",
    # exact arithmetic
    "Q", "as_rational", "from_float", "QArray",
    "rank", "rank_mod_p", "rank_profile", "nullspace", "det", "minor", "RankResult", "MatrixRankCertificate",
    # independent checker
    "check_certificate", "check_file",
    # tensors
    "Partition", "PoolingTree", "matricize", "unmatricize", "outer", "mode_product", "kron",
    "CPDecomposition", "HTDecomposition", "cp_to_tensor", "ht_to_tensor", "cp_to_matricization",
    "apply_representation", "check_dense_size", "dense_limit",
    # networks
    "Representation", "ShallowConvAC", "DeepConvAC", "bentkamp_witness",
    "load_network", "load_tensor", "save_json",
    "ShallowRectifierNet", "DeepRectifierNet", "relu_templates", "PoolingOperator",
    "GCConvAC", "GCLayer", "partition_by_name", "PWLNetwork", "relu_network",
    # linear regions
    "Box", "Polytope", "enumerate_regions",
    # certificates and theorems
    "Certificate", "load_certificate", "depth_efficiency_certificate", "generic_rank_certificate",
    "low_high_certificate", "depth_lc_certificate", "shallow_rank_bound",
    "rank_one_sum_certificate", "symbolic_minor",
    "all_checks", "get_check",
    "average_pooling_realizability", "compare_pooling", "realize_shallow_max", "realize_deep_max",
    "structured_rank", "pooling_bounds",
]

# arrays into exact rationals, and model import from PyTorch / ONNX (docs/interop.md)
from .core.arrays import as_rational_array  # noqa: E402
from .networks import from_numpy, from_onnx, from_torch  # noqa: E402

__all__ += ["as_rational_array", "from_numpy", "from_torch", "from_onnx"]

# conjectures and the search for counterexamples (docs/conjectures.md)
from .conjectures import Conjecture, Space, claim, conjecture, load_conjecture, search  # noqa: E402

__all__ += ["Conjecture", "conjecture", "Space", "claim", "search", "load_conjecture"]
