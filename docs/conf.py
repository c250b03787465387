"""Sphinx configuration of the exactnet documentation site.

Build it (offline; the notebooks are executed during the build):

    python -m pip install -e ".[docs]"
    python -m sphinx -W --keep-going -b html docs docs/_build/html

then open ``docs/_build/html/index.html``.  Every guide ``docs/*.md``, every format page
``docs/formats/*.md`` and every notebook ``notebooks/*.ipynb`` is a page (glob toctrees in ``index.md``);
the notebooks are copied into ``docs/notebooks/`` (generated, not committed) at the start of each build.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

import exactnet  # noqa: E402

# ------------------------------------------------------------------ notebooks: mirror ../notebooks here
NOTEBOOK_SOURCES = ROOT / "notebooks"
NOTEBOOK_PAGES = HERE / "notebooks"


def _sync_notebooks() -> None:
    """Copy ``notebooks/*.ipynb`` to ``docs/notebooks/`` (the site's sources must live under ``docs/``)."""
    NOTEBOOK_PAGES.mkdir(exist_ok=True)
    wanted = {p.name: p for p in sorted(NOTEBOOK_SOURCES.glob("*.ipynb"))}
    for old in NOTEBOOK_PAGES.glob("*.ipynb"):
        if old.name not in wanted:
            old.unlink()
    for name, src in wanted.items():
        dst = NOTEBOOK_PAGES / name
        if not dst.exists() or dst.read_bytes() != src.read_bytes():
            shutil.copyfile(src, dst)


_sync_notebooks()

# ------------------------------------------------------------------ API pages: one per public module
API_PAGES = HERE / "reference"


def public_modules() -> list[str]:
    """Every public module of exactnet (no ``_``-prefixed path component), the facade first."""
    import pkgutil

    names = ["exactnet"]
    for info in pkgutil.walk_packages(exactnet.__path__, "exactnet."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return sorted(names, key=lambda n: (n != "exactnet", n))


def _facade_table() -> str:
    """The names ``exactnet`` re-exports, each linked to where it is defined."""
    rows = []
    for name in sorted(getattr(exactnet, "__all__", ())):
        obj = getattr(exactnet, name, None)
        module = getattr(obj, "__module__", None)
        qual = getattr(obj, "__qualname__", None)
        if module and qual and module.startswith("exactnet") and not module.startswith("exactnet._"):
            rows.append(f"* ``exactnet.{name}``: :py:obj:`{module}.{qual}`")
        else:
            rows.append(f"* ``exactnet.{name}``")
    return "\n".join(rows)


def _write_api_pages() -> None:
    """Write ``docs/reference/<module>.rst`` (generated, not committed) and drop pages of removed modules."""
    API_PAGES.mkdir(exist_ok=True)
    wanted = {}
    for name in public_modules():
        title = f"``{name}``"
        body = [title, "=" * len(title), ""]
        if name == "exactnet":
            body += [f".. automodule:: {name}", "   :no-members:", "", "Names re-exported by the facade", "-" * 31,
                     "", _facade_table(), ""]
        else:
            module = __import__(name, fromlist=["_"])
            is_package = hasattr(module, "__path__")
            # a package's names are documented where they are defined (its public submodules), once
            body += [f".. automodule:: {name}"] + (["   :no-members:"] if is_package else []) + [""]
        wanted[f"{name}.rst"] = "\n".join(body)
    for old in API_PAGES.glob("exactnet*.rst"):
        if old.name not in wanted:
            old.unlink()
    for fname, text in wanted.items():
        dst = API_PAGES / fname
        if not dst.exists() or dst.read_text(encoding="utf-8") != text:
            dst.write_text(text, encoding="utf-8")


_write_api_pages()
os.environ.setdefault("MPLBACKEND", "Agg")

# ------------------------------------------------------------------ links written for the repository
# Guides and notebooks link to each other as files of the repository (``../notebooks/x.ipynb`` from a guide,
# ``../docs/regions.md`` from a notebook), which is what a reader browsing the repository follows.  In the
# site the notebooks live in docs/notebooks/, so such links are re-aimed at the pages; a link to another
# file of the repository (source code, scripts) becomes its path in code font.  A link that points nowhere
# is left as it is, and the build reports it.
_LINK = re.compile(r"(?<!!)\[([^\]\n]*)\]\(([^)\s]+)\)")


def _origin(docname: str) -> Path:
    """The directory a page's relative links were written against (notebooks: the repository's notebooks/)."""
    if docname.startswith("notebooks/"):
        return NOTEBOOK_SOURCES
    return (HERE / docname).parent


def _retarget(docname: str, text: str) -> str:
    page_dir = (HERE / docname).parent

    def fix(m: re.Match) -> str:
        label, target = m.group(1), m.group(2)
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith(("#", "/")):
            return m.group(0)
        path, _, anchor = target.partition("#")
        resolved = (_origin(docname) / path).resolve()
        if resolved.parent == NOTEBOOK_SOURCES and resolved.suffix == ".ipynb":
            resolved = NOTEBOOK_PAGES / resolved.name
        if resolved.is_relative_to(HERE):
            new = os.path.relpath(resolved, page_dir).replace(os.sep, "/")
            if path.endswith("/") and not new.endswith("/"):
                new += "/"
            return f"[{label}]({new}{'#' + anchor if anchor else ''})"
        if resolved.is_relative_to(ROOT) and resolved.exists():
            shown = resolved.relative_to(ROOT).as_posix() + ("/" if resolved.is_dir() else "")
            return label if label.strip("`") == shown else f"{label} (`{shown}`)"
        return m.group(0)

    return _LINK.sub(fix, text)


def _on_source_read(app, docname: str, source: list[str]) -> None:
    source[0] = _retarget(docname, source[0])


def setup(app):
    app.connect("source-read", _on_source_read)


# ------------------------------------------------------------------ project
project = "exactnet"
author = "the exactnet authors"
copyright = "the exactnet authors"
release = exactnet.__version__
version = release

extensions = [
    "myst_nb",  # Markdown guides (MyST) and notebooks
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx-mathjax-offline",  # MathJax copied into _static: the formulas render without a network
    "sphinx.ext.viewcode",
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
exclude_patterns = [
    "_build",
    "Thumbs.db",
    ".DS_Store",
    "**.ipynb_checkpoints",
]

# ------------------------------------------------------------------ MyST / notebooks
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
# notebooks are stored without outputs: execute them during the build (a failing cell fails the build)
nb_execution_mode = "auto"
nb_execution_timeout = 600
nb_execution_raise_on_error = True
nb_execution_in_temp = True
nb_merge_streams = True
nb_execution_show_tb = True  # a failing cell prints its traceback in the build log

# ------------------------------------------------------------------ API (autodoc, numpy-style docstrings)
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_member_order = "bysource"
autodoc_mock_imports = ["torch", "onnx", "onnxruntime"]
autosummary_generate = False
napoleon_google_docstring = False
napoleon_numpy_docstring = True
# types in numpy-style "name : type" lines are prose ("matrix (Y x Z)", "sequence of N matrices"), not Python
# names: render them as text instead of cross-references that would resolve to unrelated attributes
napoleon_use_param = False
napoleon_use_rtype = False
add_module_names = False
nitpicky = False
# the guides show JSON schemas with "..." placeholders on purpose: Pygments then highlights them in relaxed mode
suppress_warnings = ["misc.highlighting_failure"]

# ------------------------------------------------------------------ HTML (no remote assets: usable offline)
html_theme = "alabaster"
html_title = f"exactnet {release}"
html_static_path: list[str] = []
html_theme_options = {"description": "exact-arithmetic checks of deep-network expressivity theory",
                      "fixed_sidebar": True}
html_sidebars = {"**": ["about.html", "navigation.html", "relations.html", "searchbox.html"]}
