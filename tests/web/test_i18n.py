"""Languages: every screen in Chinese by the browser's wish or the remembered switch; the
catalogues complete and compiled; dates, amounts and lists in the reader's locale."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from tests.web.conftest import AS_OF
from web import create_app, i18n

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "web" / "translations"
ZH_PO = TRANSLATIONS / "zh" / "LC_MESSAGES" / "messages.po"
ZH_MO = TRANSLATIONS / "zh" / "LC_MESSAGES" / "messages.mo"

# (screen, path, a heading or label the Chinese page shows)
SCREENS = [
    ("portfolio", "/", "<h1>客户组合</h1>"),
    ("account", "/accounts/mediva", "客户组合"),
    ("person", "/people/mediva-p-005", "客户组合"),
    ("opportunity", "/opportunities/transvia-o-1", "客户组合"),
    ("gaps", "/gaps", "<h1>覆盖缺口</h1>"),
    ("cross-sell", "/cross-sell", "交叉销售"),
    ("profile", "/profile", "<h1>理想客户画像</h1>"),
    ("follow-ups", "/follow-ups", "<h1>跟进</h1>"),
    ("changes", "/changes", "<h1>变更</h1>"),
    ("company changes", "/changes/mediva", "导入历史"),
    ("import", "/import", "<h1>导入</h1>"),
    ("audit", "/admin/audit", "<h1>审计日志</h1>"),
    ("users", "/admin/users", "<h1>用户</h1>"),
    ("erase", "/admin/people/mediva-p-005/erase", "删除个人数据"),
    ("password", "/account/password", "<h1>修改您的密码</h1>"),
    ("interview", "/accounts/mediva/interview", "可询问的问题"),
    ("add person", "/accounts/mediva/people/new", "<h1>添加联系人</h1>"),
]
NAV_ZH = ["客户组合", "缺口", "交叉销售", "画像", "跟进", "变更", "导入", "审计", "退出登录"]
NAV_EN = [">Portfolio<", ">Gaps<", ">Cross-sell<", ">Follow-ups<"]


@pytest.fixture(scope="module")
def signin_app(session_store):
    return create_app(session_store, {"TESTING": True, "DEFAULT_AS_OF": AS_OF,
                                      "SECRET_KEY": "test"})


def _nav(html: str) -> str:
    return html[html.index("<nav"):html.index("</nav>")]


@pytest.mark.parametrize(("name", "path", "shown"), SCREENS, ids=[s[0] for s in SCREENS])
@pytest.mark.parametrize("how", ["browser", "cookie"])
def test_every_screen_in_chinese(client, how, name, path, shown):
    if how == "cookie":
        client.set_cookie(i18n.COOKIE, "zh")
        response = client.get(path, headers={"Accept-Language": "en-GB,en;q=0.9"})
    else:
        response = client.get(path, headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200, name
    assert '<html lang="zh"' in html
    assert all(word in _nav(html) for word in NAV_ZH[:6]), name
    assert not any(word in _nav(html) for word in NAV_EN), name
    assert shown in html, name


@pytest.mark.parametrize("how", ["browser", "cookie"])
def test_the_sign_in_and_error_pages_in_chinese(signin_app, client, how):
    anonymous = signin_app.test_client()
    headers = {"Accept-Language": "zh-CN" if how == "browser" else "en"}
    if how == "cookie":
        anonymous.set_cookie(i18n.COOKIE, "zh")
        client.set_cookie(i18n.COOKIE, "zh")
    login = anonymous.get("/login", headers=headers)
    html = login.get_data(as_text=True)
    assert login.status_code == 200
    assert '<html lang="zh"' in html and "<h1>登录</h1>" in html and "用户名" in html
    missing = client.get("/accounts/nope", headers=headers)
    html = missing.get_data(as_text=True)
    assert missing.status_code == 404
    assert '<html lang="zh"' in html and "<h1>未找到</h1>" in html and "返回客户组合" in html


def test_english_without_a_wish_and_for_an_unknown_language(client):
    for headers in ({}, {"Accept-Language": "fr-FR,de;q=0.8"}):
        html = client.get("/", headers=headers).get_data(as_text=True)
        assert '<html lang="en"' in html and "<h1>Portfolio</h1>" in html
    client.set_cookie(i18n.COOKIE, "xx")  # a made-up cookie falls back to the browser
    html = client.get("/", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert '<html lang="zh"' in html


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_the_switch_remembers_the_language_and_goes_back_to_the_page(client):
    page = client.get("/gaps?as_of=2026-11-01").get_data(as_text=True)
    assert 'id="language-switch"' in page
    answer = client.post("/language/zh", data={"csrf_token": _csrf(page),
                                               "next": "/gaps?as_of=2026-11-01"})
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/gaps?as_of=2026-11-01"
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith("lang=zh;") and "Max-Age=31536000" in cookie
    assert "<h1>覆盖缺口</h1>" in client.get("/gaps").get_data(as_text=True)
    back = client.post("/language/en", data={"csrf_token": _csrf(page), "next": "/"})
    assert back.headers["Set-Cookie"].startswith("lang=en;")
    assert "<h1>Portfolio</h1>" in client.get("/").get_data(as_text=True)


def test_the_switch_goes_nowhere_off_site_and_ignores_unknown_languages(client):
    token = _csrf(client.get("/").get_data(as_text=True))
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        answer = client.post("/language/zh", data={"csrf_token": token, "next": target})
        assert answer.headers["Location"] == "/", target
    answer = client.post("/language/xx", data={"csrf_token": token, "next": "/gaps"})
    assert answer.headers["Location"] == "/gaps" and "Set-Cookie" not in answer.headers
    assert client.post("/language/zh", data={"next": "/"}).status_code == 400  # no CSRF


def test_the_switch_works_on_the_sign_in_page(signin_app):
    anonymous = signin_app.test_client()
    page = anonymous.get("/login").get_data(as_text=True)
    answer = anonymous.post("/language/zh", data={"csrf_token": _csrf(page), "next": "/login"})
    assert answer.status_code == 303 and answer.headers["Location"] == "/login"
    assert "<h1>登录</h1>" in anonymous.get("/login").get_data(as_text=True)


# --- the catalogues -----------------------------------------------------------------------

def _fresh_extraction(tmp_path: Path) -> list[str]:
    pot = tmp_path / "messages.pot"
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "extract", "-F", "babel.cfg",
                    "-k", "_l", "-k", "lazy_gettext", "--no-location",
                    "-o", str(pot), "."], cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as f:
        return [m.id for m in read_po(f) if m.id]


def test_every_message_has_a_chinese_translation(tmp_path):
    with ZH_PO.open("rb") as f:
        catalogue = read_po(f, locale="zh")
    extracted = _fresh_extraction(tmp_path)
    assert len(extracted) > 200
    untranslated = []
    for msgid in extracted:
        message = catalogue.get(msgid)
        strings = () if message is None else (
            message.string if isinstance(message.string, tuple) else (message.string,))
        if message is None or message.fuzzy or not all(strings):
            untranslated.append(msgid)
    assert untranslated == []


def test_the_chinese_keeps_every_placeholder():
    with ZH_PO.open("rb") as f:
        catalogue = read_po(f, locale="zh")
    holes = re.compile(r"%\(\w+\)[sd]")
    for message in catalogue:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[-1]
        target = message.string if isinstance(message.string, str) else message.string[0]
        assert set(holes.findall(target)) == set(holes.findall(source)), source


def test_the_committed_mo_is_a_fresh_compile_of_the_po():
    with ZH_PO.open("rb") as f:
        catalogue = read_po(f, locale="zh")
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    assert ZH_MO.read_bytes() == compiled.getvalue(), "run scripts/translations.sh --compile"


# --- locale formatting and chips -------------------------------------------------------------

@pytest.mark.parametrize(("lang", "expected"), [
    ("en", {"money": ["1.2M", "120K", "950", "–"], "pct": "42%", "day": "Nov 23, 2026",
            "number": "1,234.5"}),
    ("zh", {"money": ["123.5万", "12万", "950", "–"], "pct": "42%", "day": "2026年11月23日",
            "number": "1,234.5"}),
])
def test_amounts_dates_and_shares_follow_the_locale(app, lang, expected):
    with app.test_request_context("/", headers={"Accept-Language": lang}):
        assert [i18n.money(v) for v in (1_234_567, 120_000, 950, None)] == expected["money"]
        assert i18n.pct(0.42) == expected["pct"] and i18n.pct(None) == "–"
        assert i18n.day(date(2026, 11, 23)) == expected["day"]
        assert i18n.day("2026-11-23") == expected["day"] and i18n.day(None) == "—"
        assert i18n.day("not a date") == "not a date"
        assert i18n.number(1234.5) == expected["number"]


def test_codes_are_labelled_in_the_locale(app):
    with app.test_request_context("/", headers={"Accept-Language": "zh"}):
        assert [i18n.code_label(c) for c in ("decision_maker", "economic_buyer", "champion",
                                              "blocker", "gatekeeper")] == [
            "决策者", "经济买家", "支持者/内线", "阻碍者", "守门人"]
        assert i18n.code_label("no_such_code") == "no such code"
    with app.test_request_context("/"):
        assert i18n.code_label("decision_maker") == "decision maker"


def test_list_fields_become_chips(app):
    assert i18n.chip_values("cost-to-income ratio;close time") == [
        "cost-to-income ratio", "close time"]
    assert i18n.chip_values(["a", " ", None, "b"]) == ["a", "b"]
    assert i18n.chip_values("成本收入比；结案时间") == ["成本收入比", "结案时间"]
    assert i18n.chip_values("one value, with a comma") == ["one value, with a comma"]
    assert i18n.chip_values(None) == [] and i18n.chip_values(3) == ["3"]
    with app.test_request_context("/"):
        macro = app.jinja_env.get_template("_format.html").module.chips
        html = str(macro("cost-to-income ratio;<b>close</b> time"))
        assert html == ('<ul class="chips"><li class="chip">cost-to-income ratio</li>'
                        '<li class="chip">&lt;b&gt;close&lt;/b&gt; time</li></ul>')
        assert "—" in str(macro([]))
