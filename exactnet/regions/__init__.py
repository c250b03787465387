"""Layer 3: linear regions of piecewise-linear networks, counted exactly (theory.md 3 and 5.4)."""
