"""The documentation site (Sphinx + MyST-NB, sources in ``docs/``) builds offline with warnings as errors
and shows every guide, every format page, every notebook (with the outputs of its executed cells) and every
public module.

One build (about a minute: the notebooks are executed) is shared by the tests of this file.  Build it yourself
with ``python -m sphinx -W --keep-going -b html docs docs/_build/html``.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
# pages that are deliberately not part of the site
NOT_IN_SITE: set = set()


def _guides() -> list[Path]:
    return sorted(p for p in DOCS.glob("*.md") if p.name not in NOT_IN_SITE and p.name != "index.md")


def _formats() -> list[Path]:
    return sorted((DOCS / "formats").glob("*.md"))


def _notebooks() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    for mod in ("sphinx", "myst_nb", "myst_parser"):
        if importlib.util.find_spec(mod) is None:
            pytest.fail(f"the documentation site needs {mod}: python -m pip install -e '.[docs]'")
    out = tmp_path_factory.mktemp("site")
    html = out / "html"
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONWARNINGS="ignore::DeprecationWarning")
    # -E: a fresh environment (warnings of every page are reported); -W --keep-going: all warnings are errors
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-E", "-W", "--keep-going", "-q", "-b", "html",
                           "-d", str(out / "doctrees"), str(DOCS), str(html)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"sphinx-build failed:\n{proc.stdout[-4000:]}\n{proc.stderr[-8000:]}"
    return html


def test_site_sources_are_the_repository_files():
    """The glob toctrees pick up the guides, format pages and notebooks without a hand-kept list."""
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    for pattern in ("\n*\n", "\nformats/*\n", "\nnotebooks/*\n", "\nreference/index\n"):
        assert pattern in index, f"docs/index.md must list {pattern.strip()!r} in a toctree"
    conf = (DOCS / "conf.py").read_text(encoding="utf-8")
    for name in NOT_IN_SITE:
        assert repr(name).replace("'", '"') in conf
    assert _guides() and _notebooks() and _formats()


def test_every_guide_and_format_page_is_in_the_site(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    for path in _guides() + _formats():
        rel = path.relative_to(DOCS).with_suffix(".html").as_posix()
        assert (site / rel).is_file(), f"{path.relative_to(ROOT)} has no page {rel}"
        assert f'href="{rel}"' in index, f"{rel} is not linked from the site's contents"


def test_every_notebook_is_rendered_with_its_outputs(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    for path in _notebooks():
        rel = f"notebooks/{path.stem}.html"
        page = site / rel
        assert page.is_file(), f"{path.relative_to(ROOT)} has no page {rel}"
        assert f'href="{rel}"' in index, f"{rel} is not linked from the site's contents"
        text = page.read_text(encoding="utf-8")
        assert "cell_output" in text, f"{rel} shows no cell outputs: the notebook was not executed"
        assert "Traceback" not in text


def test_every_public_module_has_an_api_page(site):
    import exactnet

    import pkgutil

    names = ["exactnet"] + [m.name for m in pkgutil.walk_packages(exactnet.__path__, "exactnet.")
                            if not any(part.startswith("_") for part in m.name.split("."))]
    for name in names:
        assert (site / "reference" / f"{name}.html").is_file(), f"module {name} has no API page"
    # a docstring really rendered (not an empty automodule)
    page = (site / "reference" / "exactnet.regions.plot.html").read_text(encoding="utf-8")
    assert re.search(r'id="exactnet\.regions\.plot\.plot_regions"', page)


def test_site_is_usable_offline(site):
    """No page loads a script, stylesheet or image from the network (MathJax is copied into _static)."""
    remote = re.compile(r'<(?:script|img)[^>]*\ssrc="https?://|<link[^>]*\shref="https?://[^"]*"[^>]*stylesheet'
                        r'|<link[^>]*stylesheet[^>]*\shref="https?://')
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not remote.search(text), f"{page.relative_to(site)} loads a remote resource"
    assert (site / "_static" / "mathjax" / "tex-chtml.js").is_file()
