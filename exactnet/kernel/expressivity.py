r"""What ConvACs of a given shape can realize: widths forced by a generic rank, and the symmetry obstruction.

* ``generic_pooled_width_needed`` (generic, ``>=``), object ``{"architecture", "ties", "output", "block"}``: for
  almost every weight setting of the architecture, every ConvAC whose root multiplies ``N / block`` sub-networks,
  sub-network k reading only inputs ``k block .. (k + 1) block - 1``, and sums ``r'`` such products (its last hidden
  layer has ``r'`` channels) realizing that output of the grid tensor has ``r' >= R``.  Rule
  ``pooled-width-from-generic-rank`` (params ``{"block": b}``): from ``generic_matricization_rank(architecture,
  ties, output, rows) >= R`` (or ``= R``) whose row modes are a union of whole blocks: such a ConvAC's output is
  ``sum_{a < r'} w_a prod_k phi_{k,a}(block k)``, and each term matricizes to a rank-one matrix when every block
  lies on one side, so its rank is ``<= r'``; it is ``>= R`` wherever the architecture's is.  (``block = 1`` is the
  shallow ConvAC of ``shallow-width-from-generic-rank``.)
* ``shared_shallow_unrealizable`` (``holds``), object ``{"tensor": {"shape", "denominator", "numerators"}}`` (an
  N-way coefficient tensor, all dimensions M, row-major, reduced): no shared shallow ConvAC of any width has this
  coefficient tensor.  Method ``asymmetric-entry`` (``index``: N indices, ``permutation`` of ``0..N-1``): the
  entries at ``index`` and at ``(index[permutation[k]])_k`` differ, while every shared shallow ConvAC has the
  symmetric coefficient tensor ``sum_z a_z (x)^N v_z``.
"""


from .jsonio import fail, get, index_list, join, json_int, only_keys
from .overlap import _generic_object, digest, stated_tensor
from .propositions import INT, NONE, Proposition, register_quantity
from .rules import premise, register_method, register_rule


def _pooled_object(raw, path):
    only_keys(raw, {"architecture", "ties", "output", "block"}, path)
    obj, parsed = _generic_object({**{k: get(raw, k, path) for k in ("architecture", "ties", "output")}, "rows": [0]}, path)
    N, b = len(parsed[0].inputs), json_int(get(raw, "block", path), join(path, "block"), 1)
    if N % b or N // b < 2:
        raise fail(f"must divide the {N} inputs into at least 2 blocks, not {b}", join(path, "block"))
    return {**{k: obj[k] for k in ("architecture", "ties", "output")}, "block": b}, parsed


def pooled_width_from_generic_rank(premises, params, path):
    """``generic_matricization_rank(A, ties, y, I) >= R``, I a union of blocks => ``generic_pooled_width_needed >= R``."""
    p = premise(premises[0], "generic_matricization_rank", ("=", ">="), join(path, "premises[0].proposition"))
    b, N = json_int(get(params, "block", join(path, "params")), join(path, "params.block"), 1), len(p.parsed[0].inputs)
    if N % b or any((i in p.object["rows"]) != (i - i % b in p.object["rows"]) for i in range(N)):
        raise fail(f"the premise's row modes are not a union of blocks of {b} consecutive inputs", join(path, "params.block"))
    obj = {**{k: p.object[k] for k in ("architecture", "ties", "output")}, "block": b}
    return Proposition("generic_pooled_width_needed", obj, ">=", p.value, p.field, p.parsed)


def _tensor_object(raw, path):
    only_keys(raw, {"tensor"}, path)
    t = stated_tensor(get(raw, "tensor", path), join(path, "tensor"))
    if len(set(t["shape"])) != 1:
        raise fail("must be an N-way tensor with all dimensions equal", join(path, "tensor.shape"))
    return {"tensor": t}, (t["shape"], [int(x) for x in t["numerators"]])


def asymmetric_entry(ev, subject, path):
    """``A[index] != A[index permuted]``: the coefficient tensor is not symmetric."""
    only_keys(ev, {"method", "index", "permutation"}, path)
    (N, M), nums = (len(subject.parsed[0]), subject.parsed[0][0]), subject.parsed[1]
    idx, perm = get(ev, "index", path), index_list(get(ev, "permutation", path), join(path, "permutation"), N, N)
    if not isinstance(idx, list) or len(idx) != N or any(json_int(x, join(path, "index"), 0) >= M for x in idx):
        raise fail(f"must list {N} indices in 0..{M - 1}", join(path, "index"))
    if nums[sum(x * M ** (N - 1 - k) for k, x in enumerate(idx))] == \
            nums[sum(idx[perm[k]] * M ** (N - 1 - k) for k in range(N))]:
        raise fail("the two entries are equal: they do not show the tensor is not symmetric", join(path, "index"))
    return subject.with_value("holds", None)


# a lower bound, for almost every weight setting, on the last hidden width of ConvACs whose root pools blocks of
# consecutive inputs
register_quantity("generic_pooled_width_needed", _pooled_object, (">=",), INT,
                  lambda o: f"the last hidden width of any ConvAC whose root pools blocks of {o['block']} consecutive "
                            f"inputs, realizing output {o['output']} of the grid tensor of architecture sha256:"
                            f"{digest(o['architecture'])} with {len(o['ties'])} weight ties", generic=True)
register_rule("pooled-width-from-generic-rank", 1, pooled_width_from_generic_rank, ("block",))
# no shared shallow ConvAC realizes this coefficient tensor (it is not symmetric)
register_quantity("shared_shallow_unrealizable", _tensor_object, ("holds",), NONE,
                  lambda o: f"no shared shallow ConvAC of any width has the coefficient tensor sha256:"
                            f"{digest(o['tensor'])}")
register_method("asymmetric-entry", ("shared_shallow_unrealizable",), asymmetric_entry)
