"""Conjectures: state a claim about exactnet's certified quantities once, then search for a counterexample.

A :class:`Conjecture` is a named statement over a :class:`Space` of instances; its check returns
:func:`claim` assertions judged by the evidence rules (a genuine refutation needs exact or bound evidence
in the right direction and a certificate the kernel re-checks).  :func:`search` runs a strategy
(exhaustive in size order, random with shrinking, targeted on a score) on the :mod:`exactnet.scale`
engine and store and returns a :class:`SearchResult`.  Guide: ``docs/conjectures.md``.

>>> import exactnet
>>> from exactnet.conjectures import Space, claim, conjecture, search
>>> @conjecture(space=Space(n=range(1, 6)), statement="a 1 x n all-ones matrix has rank n")
... def ones_rank(n):
...     return claim(exactnet.rank([[1] * n]), "==", n)
>>> res = search(ones_rank)
>>> res.status, res.counterexample, res.minimality.level, res.checked
('refuted', {'n': 2}, 'minimal-in-size-order', 2)
>>> res.check().verdict
'valid'
"""

from ._core import OUTCOMES, Assertion, Conjecture, Space, claim, conjecture, evaluate, library, load_conjecture
from ._search import Minimality, SearchResult, parse_budget, search

__all__ = ["Conjecture", "conjecture", "Space", "claim", "Assertion", "OUTCOMES", "search", "SearchResult",
           "Minimality", "load_conjecture", "library", "evaluate", "parse_budget"]
