"""The built-in conjectures (``exactnet search --list``): a tuple of Conjecture values."""

CONJECTURES: tuple = ()
