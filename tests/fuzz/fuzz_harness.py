"""Run one hostile input in a child process under a memory and time limit, and judge the outcome.

A case passes when the child finishes within the time limit with a clean answer or a clean refusal:
exit code 0, 1 (a check failed / a certificate is invalid) or 2 (bad input, refused work), and never
an internal error (the CLI's "internal error ... please report it"), a traceback, a crash by signal, a
memory error outside exactnet's refusals, or a hang.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass

#: per-case limits of the child process (address space, wall-clock seconds)
MEMORY_BYTES = 3 * 1024**3
TIMEOUT = 60.0


@dataclass
class Outcome:
    code: int | None  # None: killed by the timeout
    stdout: str
    stderr: str
    seconds: float = 0.0  # wall-clock time of the child


    def describe(self) -> str:
        return f"exit {self.code} after {self.seconds:.1f} s\nstdout: {self.stdout[-2000:]}\nstderr: {self.stderr[-2000:]}"


def _limits(memory: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    return apply


def run_cli(args: list[str], timeout: float = TIMEOUT, memory: int = MEMORY_BYTES, env: dict | None = None,
            cwd: str | None = None) -> Outcome:
    """``exactnet ARGS`` in a child process under the limits."""
    return run_python(f"import sys\nfrom exactnet.cli import main\nsys.exit(main({json.dumps(list(args))}))",
                      timeout, memory, env, cwd)


def run_python(code: str, timeout: float = TIMEOUT, memory: int = MEMORY_BYTES, env: dict | None = None,
               cwd: str | None = None) -> Outcome:
    """``python -c CODE`` in a child process under the limits (one BLAS thread)."""
    full_env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    full_env.pop("EXACTNET_DEBUG", None)
    full_env.update(env or {})
    start = time.monotonic()
    try:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout,
                              preexec_fn=_limits(memory), env=full_env, cwd=cwd)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        return Outcome(None, out, err, time.monotonic() - start)
    return Outcome(proc.returncode, proc.stdout, proc.stderr, time.monotonic() - start)


def assert_clean(outcome: Outcome, codes: tuple = (0, 1, 2)) -> None:
    """A clean answer or refusal: no hang, crash, traceback or internal error."""
    assert outcome.code is not None, f"hang: no answer within the time limit\n{outcome.describe()}"
    assert outcome.code >= 0, f"crash: killed by signal {-outcome.code}\n{outcome.describe()}"
    assert "internal error" not in outcome.stderr, outcome.describe()
    assert "Traceback" not in outcome.stderr, outcome.describe()
    assert outcome.code in codes, outcome.describe()


def assert_refused(outcome: Outcome, *words: str) -> None:
    """A clean refusal (exit 2) whose message holds every word of ``words``."""
    assert_clean(outcome, codes=(2,))
    for w in words:
        assert w in outcome.stderr, outcome.describe()
