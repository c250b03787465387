"""The trusted code of the kernel, measured: code lines (no blanks, comments or docstrings) in total and
reachable from the entry point per proposition kind (an AST call graph over ``exactnet/kernel``).

Run with ``-s`` to see the figures; the budgets are 2,000 lines in total and 300 for a matrix rank.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path


import exactnet.kernel as kernel
from exactnet.kernel.methods import METHOD_QUANTITIES, METHODS
from exactnet.kernel.propositions import QUANTITIES
from exactnet.kernel.rules import RULES

KERNEL = Path(kernel.__file__).parent
TOTAL_BUDGET, RANK_BUDGET = 2000, 300
#: the engine every check runs through
ENTRY = [("rules", "check_envelope"), ("__init__", "check_certificate"), ("__init__", "check_file")]


def _code_lines(source: str, tree: ast.AST) -> set[int]:
    """Line numbers holding code: not blank, not only a comment, not inside a docstring."""
    doc = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(getattr(first, "value", None), ast.Constant) \
                    and isinstance(first.value.value, str):
                doc.update(range(first.lineno, first.end_lineno + 1))
    lines = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                            tokenize.ENDMARKER):
            lines.update(range(tok.start[0], tok.end[0] + 1))
    return lines - doc


class _Module:
    def __init__(self, path: Path):
        self.name = path.stem
        self.source = path.read_text()
        self.tree = ast.parse(self.source)
        self.code = _code_lines(self.source, self.tree)
        self.defs = {n.name: n for n in self.tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        self.imports = {}  # local name -> (module, name) for "from .m import name"
        for n in self.tree.body:
            if isinstance(n, ast.ImportFrom) and n.level == 1 and n.module:
                for a in n.names:
                    self.imports[a.asname or a.name] = (n.module, a.name)
        inside = set()
        for d in self.defs.values():
            inside.update(range(d.lineno, d.end_lineno + 1))
        self.top = {k for k in self.code if k not in inside}  # imports, constants, registrations

    def lines(self, node: ast.AST) -> int:
        return len([k for k in range(node.lineno, node.end_lineno + 1) if k in self.code])


MODULES = {p.stem: _Module(p) for p in sorted(KERNEL.glob("*.py"))}


def _resolve(mod: _Module, name: str):
    if name in mod.defs:
        return mod.name, name
    if name in mod.imports and mod.imports[name][0] in MODULES and mod.imports[name][1] in MODULES[mod.imports[name][0]].defs:
        return mod.imports[name]
    return None


def _callees(mod: _Module, node: ast.AST):
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            hit = _resolve(mod, sub.id)
        elif isinstance(sub, ast.Attribute):  # obj.method: any definition of that name in the module's classes
            hit = next(((mod.name, c) for c, d in mod.defs.items() if isinstance(d, ast.ClassDef)
                        for f in d.body if isinstance(f, ast.FunctionDef) and f.name == sub.attr), None)
        else:
            continue
        if hit:
            yield hit


def trusted(roots) -> tuple[int, set]:
    """Code lines of everything reachable from ``roots`` (module, name), plus each reached module's top level."""
    seen, todo = set(), list(roots)
    while todo:
        key = todo.pop()
        if key in seen or key[0] not in MODULES or key[1] not in MODULES[key[0]].defs:
            continue
        seen.add(key)
        mod = MODULES[key[0]]
        todo.extend(_callees(mod, mod.defs[key[1]]))
    mods = {m for m, _ in seen}
    lines = sum(MODULES[m].lines(MODULES[m].defs[n]) for m, n in seen) + sum(len(MODULES[m].top) for m in mods)
    return lines, seen


def _registered_functions(quantity: str) -> list:
    """The functions registered for ``quantity``: its object parser and renderer, and the methods proving it."""
    fns = [QUANTITIES[quantity].parse_object, QUANTITIES[quantity].render]
    fns += [METHODS[m] for m, qs in METHOD_QUANTITIES.items() if quantity in qs]
    out = []
    for fn in fns:
        mod = fn.__module__.rsplit(".", 1)[-1]
        name = fn.__name__
        if name == "<lambda>":  # a lambda renderer: the registering module's top level covers it
            out.append((mod, "<top>"))
        else:
            out.append((mod, name))
    return out


def per_kind() -> dict[str, int]:
    out = {}
    for q in sorted(QUANTITIES):
        roots = ENTRY + _registered_functions(q)
        n, seen = trusted(roots)
        out[q] = n + sum(len(MODULES[m].top) for m, name in roots if name == "<top>" and m not in {s[0] for s in seen})
    for r, fn in sorted(RULES.items()):
        out[f"rule {r}"] = trusted(ENTRY + [(fn.__module__.rsplit(".", 1)[-1], fn.__name__)])[0]
    return out


def total() -> int:
    return sum(len(m.code) for m in MODULES.values())


def test_trusted_lines_within_budget():
    figures = per_kind()
    print(f"\nkernel code lines in total (exactnet/kernel/*.py): {total()} (budget {TOTAL_BUDGET})")
    for kind, n in figures.items():
        print(f"  trusted for {kind}: {n}")
    assert figures["rank"] <= RANK_BUDGET, figures["rank"]


def test_kernel_total_within_budget():
    assert total() <= TOTAL_BUDGET, f"{total()} kernel code lines (budget {TOTAL_BUDGET})"


def test_the_measure_sees_what_it_should():
    """The call graph reaches the obligations a rank check runs (so the figure can fail)."""
    _, seen = trusted(ENTRY + _registered_functions("rank"))
    names = {n for _, n in seen}
    assert {"check_node", "parse_proposition", "entails", "minor_and_factorization", "_identity",
            "parse_matrix", "loads"} <= names
    assert ("circuit", "template_grid") not in seen  # an explicit matrix's rank does not trust the evaluator
    _, seen = trusted(ENTRY + _registered_functions("matricization_rank"))
    assert ("circuit", "template_grid") in seen
