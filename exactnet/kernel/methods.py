"""Evidence methods: functions that verify evidence and return the proposition it proves.

A method is ``method(evidence, subject, path) -> Proposition``.  ``subject`` is the certificate's
stated proposition; a method may read only its quantity, ``object`` and ``parsed`` object (what the
proposition is about), never its relation or value: it returns what the evidence proves about that
object, and the kernel then checks that this entails the statement.  ``evidence`` is the JSON object
of the certificate's ``evidence`` field (with its ``"method"`` name); ``path`` is its JSON path.
"""


from typing import Callable

METHODS: dict[str, Callable] = {}
#: method -> the quantities it may prove (the engine refuses a method used for another quantity)
METHOD_QUANTITIES: dict[str, tuple[str, ...]] = {}


def register_method(name: str, quantities: tuple[str, ...] | list[str], fn: Callable) -> Callable:
    """Add an evidence method (called at import by ``kernel/<area>.py``); registering the same function
    again under its name adds quantities it may prove."""
    if METHODS.get(name, fn) is not fn:
        raise RuntimeError(f"evidence method {name!r} registered twice")
    METHODS[name] = fn
    METHOD_QUANTITIES[name] = METHOD_QUANTITIES.get(name, ()) + tuple(quantities)
    return fn
