"""The certificate kernel: a small trusted core (imports only the standard library, numpy, python-flint
and :mod:`exactnet.errors`)."""
