"""``python -m exactnet.claims [ROOT]``: regenerate ``docs/claims.md`` and ``proofs/`` from the library."""

import sys

from . import write_generated

if __name__ == "__main__":  # pragma: no cover
    for path in write_generated(sys.argv[1] if len(sys.argv) > 1 else "."):
        print(path)
