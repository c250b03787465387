"""``python -m exactnet`` runs the command-line interface."""

from exactnet.cli import main

if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
