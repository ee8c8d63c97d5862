"""Every template's user-visible text goes through gettext: no bare English in the markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import Environment

TEMPLATES = Path(__file__).resolve().parents[1] / "web" / "templates"
# Brand and technical words that read the same in every language.
ALLOWED = {"graphprofile", "CSV", "JSON", "MB", "KPI", "KPIs", "ID", "URL"}
# Attributes a user reads (or a screen reader says).
SHOWN_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "aria-description",
                    "aria-roledescription", "data-label"}
HOLE = "\x00"  # where a Jinja expression or statement was: translated or data
LETTER = re.compile(r"[^\W\d_]")
WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _markup(source: str, env: Environment) -> str:
    """The template's literal text, every Jinja tag and {% trans %} block replaced by a hole."""
    out: list[str] = []
    depth = 0  # inside {% trans %} … {% endtrans %}
    expect_name = False
    for _, kind, value in env.lex(source):
        if kind == "whitespace":
            continue
        if kind == "block_begin":
            expect_name = True
            continue
        if kind == "name" and expect_name:
            expect_name = False
            depth += value == "trans"
            depth -= value == "endtrans"
            continue
        expect_name = False
        if kind == "data":
            out.append(HOLE if depth else value)
        elif kind in ("variable_begin", "block_end"):
            out.append(HOLE)
    return "".join(out)


class _Text(HTMLParser):
    """The text nodes and shown attribute values of a page, outside script and style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value:
                self.found.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.found.append(data)


def untranslated(source: str) -> list[str]:
    """The literal texts of a template a reader would see untranslated."""
    parser = _Text()
    parser.feed(_markup(source, Environment(extensions=["jinja2.ext.i18n"])))
    parser.close()
    bad = []
    for text in parser.found:
        words = [w for w in WORD.findall(text.replace(HOLE, " ")) if w not in ALLOWED]
        if words and any(LETTER.search(w) for w in words):
            bad.append(" ".join(text.replace(HOLE, "…").split()))
    return bad


def _templates() -> list[Path]:
    return sorted(TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_template_text_is_translated(path: Path) -> None:
    assert untranslated(path.read_text(encoding="utf-8")) == []


def test_the_check_finds_bare_text() -> None:
    assert untranslated("<h1>Portfolio</h1>") == ["Portfolio"]
    assert untranslated('<input aria-label="Search">') == ["Search"]
    assert untranslated('<a class="{{ x }}">Gaps</a>') == ["Gaps"]
    assert untranslated("<p>{{ _('Gaps') }} · {{ n }} / 8</p>") == []
    assert untranslated("{% trans %}Hello {{ name }}{% endtrans %}") == []
    assert untranslated("<script>var Gaps = 1;</script><span>graphprofile</span>") == []
    assert untranslated("<b>客户</b>") == ["客户"]
