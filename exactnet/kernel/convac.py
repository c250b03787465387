"""Architectures as data: shallow widths forced almost everywhere, and weight counts.

Both quantities speak of an architecture in the form of ``generic_matricization_rank``
(:mod:`~exactnet.kernel.overlap`): a template circuit of ``input`` / ``affine`` / ``mul`` nodes whose affine nodes
give only their ``"shape"`` (the matrices are the weights), with ``ties`` (affine nodes sharing one matrix).

* ``generic_shallow_width_needed`` (generic, ``>=``), object ``{"architecture", "ties", "output"}``: for almost
  every weight setting, every shallow ConvAC realizing that output of the grid tensor has at least that many
  hidden channels.  Rule ``shallow-width-from-generic-rank``: from ``generic_matricization_rank(architecture,
  ties, output, rows) >= R`` (or ``= R``) about the same architecture, ties and output: a shallow ConvAC with Z
  channels has a grid tensor of CP rank <= Z, whose matricizations have rank <= Z, so Z >= R wherever the rank
  is >= R, i.e. almost everywhere.
* ``parameter_count`` (``=``), object ``{"architecture", "ties"}``: the number of weights, i.e. the entries of
  the affine matrices with each tie counted once.  Method ``count-weights`` (no fields) recounts them.
* ``generic_shallow_weights_needed`` (generic, ``>=``), object as the width's.  Rule ``shallow-weights-from-width``:
  from ``parameter_count(A, ties) = D`` and ``generic_shallow_width_needed(A, ties, y) >= R`` about the same
  architecture and ties: an unshared shallow ConvAC with Z channels on the same inputs (M_i functions at input i)
  and one output has ``Z (M_0 + ... + M_{N-1} + 1)`` weights, so at least ``R (sum_i M_i + 1)``.
"""


from .jsonio import fail, get, join, only_keys
from .overlap import _generic_object, digest
from .propositions import INT, Proposition, register_quantity
from .rules import premise, register_method, register_rule


def _arch(*keys):
    """The object parser of a quantity about an architecture: its ``keys`` checked as ``generic_matricization_rank``'s."""
    def parse(raw, path):
        only_keys(raw, set(keys), path)
        obj, parsed = _generic_object({"output": 0, "rows": [0], **{k: get(raw, k, path) for k in keys}}, path)
        return {k: obj[k] for k in keys}, parsed
    return parse


def _render(what):
    return lambda o: (f"{what} {'' if 'output' not in o else 'realizing output ' + str(o['output']) + ' of the grid tensor of '}"
                      f"architecture sha256:{digest(o['architecture'])} with {len(o['ties'])} weight ties")


def shallow_width_from_generic_rank(premises, params, path):
    """``generic_matricization_rank(A, ties, y, I) >= R`` => ``generic_shallow_width_needed(A, ties, y) >= R``."""
    p = premise(premises[0], "generic_matricization_rank", ("=", ">="), join(path, "premises[0].proposition"))
    obj = {k: p.object[k] for k in ("architecture", "ties", "output")}
    return Proposition("generic_shallow_width_needed", obj, ">=", p.value, p.field)


def count_weights(ev, subject, path):
    """The entries of every affine matrix, each tie counted once."""
    only_keys(ev, {"method"}, path)
    c, ties = subject.parsed[0], subject.parsed[3]
    sizes = [prm[0].size if op == "affine" else 0 for op, _, _, prm in c.nodes]
    return subject.with_value("=", sum(sizes) - sum(sizes[i] for t in ties for i in t[1:]))


def shallow_weights_from_width(premises, params, path):
    """``parameter_count(A, ties) = D`` and ``generic_shallow_width_needed(A, ties, y) >= R`` (same architecture and
    ties) => ``generic_shallow_weights_needed(A, ties, y) >= R (M_0 + ... + M_{N-1} + 1)``: an unshared shallow
    ConvAC with Z channels and one output on the same inputs has ``Z (sum_i M_i + 1)`` weights, increasing in Z."""
    count, width = premises
    if count.quantity != "parameter_count" or width.quantity != "generic_shallow_width_needed" or \
            width.relation != ">=" or count.relation != "=":
        raise fail("needs parameter_count = D and generic_shallow_width_needed >= R", join(path, "premises"))
    if {k: width.object[k] for k in ("architecture", "ties")} != count.object:
        raise fail("premise 1 is about another architecture or other ties than premise 0", join(path, "premises[1].proposition.object"))
    per = sum(kind[1].shape[1] for kind in width.parsed[0].inputs) + 1
    return Proposition("generic_shallow_weights_needed", width.object, ">=", width.value * per, width.field, width.parsed)


# a lower bound, for almost every weight setting of an architecture, on the weights of unshared shallow ConvACs
# realizing its grid tensor
register_quantity("generic_shallow_weights_needed", _arch("architecture", "ties", "output"), (">=",), INT,
                  _render("the number of weights of any unshared shallow ConvAC"), generic=True)
# a lower bound, for almost every weight setting of an architecture, on the width of shallow ConvACs realizing
# its grid tensor
register_quantity("generic_shallow_width_needed", _arch("architecture", "ties", "output"), (">=",), INT,
                  _render("the hidden width of any shallow ConvAC"), generic=True)
# the number of weights of an architecture (tied matrices counted once)
register_quantity("parameter_count", _arch("architecture", "ties"), ("=",), INT, _render("the number of weights of"))
register_rule("shallow-weights-from-width", 2, shallow_weights_from_width)
register_rule("shallow-width-from-generic-rank", 1, shallow_width_from_generic_rank)
register_method("count-weights", ("parameter_count",), count_weights)
