"""Layer 4 (beside certificates): linear regions of piecewise-linear networks, counted exactly.

Public API (bounds and constructions are in :mod:`exactnet.regions.bounds` /
:mod:`exactnet.regions.constructions`):

* networks: :mod:`exactnet.networks.pwl` -- ``Affine, ReLU, LeakyReLU, Abs, Maxout, MaxPool, PWLNetwork,
  relu_network, from_numpy, from_torch, conv_affine, max_pool_layer``;
* domains: ``Box(lower, upper)``, ``Polytope(A, b)`` (exact, non-empty, full-dimensional, bounded);
* ``enumerate_regions(net, domain, *, method="auto"|"1d"|"2d"|"lp", max_regions=None, time_budget=None,
  progress=None) -> RegionEnumeration`` with ``regions`` (tuple of ``Region``), ``activation_regions``,
  ``linear_regions``, ``complete``, ``status`` ("exact" | "lower-bound"), ``method``, ``reason``, ``field``;
  ``value``, ``.certificate`` (version 2, :mod:`exactnet.regions.certify`), ``.check()``, ``.to_dict()``,
  ``.summary()``;
* ``plot_regions(enumeration, path, *, legend=True, edges_only=False, decision_boundary=False, output=0,
  level=0) -> str`` (PNG / SVG / PDF by suffix; matplotlib, imported lazily) and the exact level sets it
  overlays, :func:`exactnet.regions.level_sets.level_set`.

Conventions: weight matrices are ``(out, in)``; unit indices are 0-based.  See docs/regions.md.
"""

from .domains import Box, Polytope
from .enumerate import METHODS, Region, RegionEnumeration, enumerate_regions
from .plot import plot_regions
from .level_sets import LevelSet, level_set

__all__ = ["Box", "Polytope", "Region", "RegionEnumeration", "enumerate_regions", "METHODS", "plot_regions",
           "LevelSet", "level_set"]
