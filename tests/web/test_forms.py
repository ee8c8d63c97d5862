"""The edit forms and the bundle upload through Flask's test client, against the real store.

A test that writes gets a demo portfolio of its own (``fresh_demo_store``); the tests
that only read share one.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from graphprofile.store.records import stats

PERSON_FIELDS = {
    "name": "Nadia Quist", "title": "Head of Payroll", "department_id": "mediva-d-fin",
    "reports_to": "mediva-p-002", "seniority": "director", "function": "finance",
    "email": "nadia@mediva.example", "phone": "+45 1234", "kpis": "close in 3 days",
    "goals": "one payroll", "pains": "three systems", "buying_power": "signs up to 50k",
    "years_experience": "14", "previous_company_ids": "meridian; ferrox",
    "last_verified": "2026-10-01", "personality": "direct", "hobbies": "sailing",
    "age_band": "40-49", "preferred_channel": "email", "situation": "new in role",
}


def _token(client) -> str:
    page = client.get("/import").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _errors(page: str) -> dict[str, str]:
    return {field: html.unescape(reason)
            for field, reason in re.findall(r'data-error-for="([^"]+)">([^<]*)<', page)}


def _stored(store, person_id: str) -> dict:
    rows = store.read("person_record", person_id=person_id)
    return rows[0]["props"] if rows else {}


def _new_person(client, company_id: str = "mediva", **fields: str) -> str:
    data = {"csrf_token": _token(client), "name": "Test Person", **fields}
    response = client.post(f"/accounts/{company_id}/people", data=data)
    assert response.status_code == 303, _errors(response.get_data(as_text=True))
    return response.headers["Location"].rsplit("/", 1)[1].split("?")[0]


# --- edit a person -----------------------------------------------------------------------


def test_edit_form_shows_every_profile_field(client):
    page = client.get("/people/mediva-p-005/edit").get_data(as_text=True)
    for field in PERSON_FIELDS:
        assert f'name="{field}"' in page
    assert 'value="Beatriz Fonseca"' in page
    assert 'name="csrf_token"' in page
    assert "mediva-p-005" not in re.search(r'<select name="reports_to">.*?</select>', page,
                                           re.S).group(0)  # not her own manager


@pytest.mark.usefixtures("fresh_demo_store")
def test_edit_person_stores_every_field_and_shows_it(client, demo_store):
    person_id = _new_person(client)
    response = client.post(f"/people/{person_id}/edit",
                           data={"csrf_token": _token(client), **PERSON_FIELDS})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/people/{person_id}")
    stored = _stored(demo_store, person_id)
    assert stored["company_id"] == "mediva"
    assert stored["years_experience"] == 14
    assert stored["previous_company_ids"] == ["meridian", "ferrox"]
    assert {k: stored[k] for k in ("title", "hobbies", "department_id", "reports_to")} == {
        "title": "Head of Payroll", "hobbies": "sailing", "department_id": "mediva-d-fin",
        "reports_to": "mediva-p-002"}
    page = client.get(f"/people/{person_id}").get_data(as_text=True)
    assert "Nadia Quist" in page and "Head of Payroll" in page and "new in role" in page
    assert "Meera Iyer" in page  # the manager
    manager = demo_store.read("manager_chain", person_id=person_id)
    assert [r["id"] for r in manager] == ["mediva-p-002", "mediva-p-001"]


@pytest.mark.usefixtures("fresh_demo_store")
def test_edit_person_clears_a_field_left_blank(client, demo_store):
    person_id = _new_person(client, title="Temp title", hobbies="chess")
    data = {"csrf_token": _token(client), "name": "Test Person", "hobbies": ""}
    assert client.post(f"/people/{person_id}/edit", data=data).status_code == 303
    assert "hobbies" not in _stored(demo_store, person_id)
    assert "title" not in _stored(demo_store, person_id)


@pytest.mark.parametrize(("fields", "errors"), [
    ({"name": "", "seniority": "emperor", "years_experience": "-3"},
     {"name": "a value is required", "seniority": "Input should be",
      "years_experience": "greater than or equal to 0"}),
    ({"department_id": "ferrox-d-fin"}, {"department_id": "belongs to company 'ferrox'"}),
    ({"reports_to": "hartwell-p-001"}, {"reports_to": "belongs to company 'hartwell'"}),
    ({"previous_company_ids": "no-such-co"}, {"previous_company_ids": "unknown company"}),
    ({"last_verified": "yesterday"}, {"last_verified": "valid date"}),
])
@pytest.mark.usefixtures("fresh_demo_store")
def test_edit_person_invalid_is_400_inline_and_writes_nothing(client, demo_store, fields,
                                                              errors):
    person_id = _new_person(client, title="Kept")
    before = _stored(demo_store, person_id)
    data = {"csrf_token": _token(client), "name": "Changed", "title": "Changed", **fields}
    response = client.post(f"/people/{person_id}/edit", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Please correct the highlighted fields" in page
    shown = _errors(page)
    for field, reason in errors.items():
        assert reason in shown[field]
    assert _stored(demo_store, person_id) == before


@pytest.mark.usefixtures("fresh_demo_store")
def test_edit_person_refuses_a_reporting_loop(client, demo_store):
    boss = _new_person(client, name="Loop Boss")
    report = _new_person(client, name="Loop Report", reports_to=boss)
    response = client.post(f"/people/{boss}/edit", data={
        "csrf_token": _token(client), "name": "Loop Boss", "reports_to": report})
    assert response.status_code == 400
    assert "reporting loop" in _errors(response.get_data(as_text=True))["reports_to"]
    assert "reports_to" not in _stored(demo_store, boss)


def test_edit_unknown_person_is_404(client):
    assert client.get("/people/nope/edit").status_code == 404
    response = client.post("/people/nope/edit", data={"csrf_token": _token(client),
                                                      "name": "X"})
    assert response.status_code == 404


# --- roles, relationships, interactions ----------------------------------------------------


def _roles(store, person_id: str) -> list[dict]:
    company = store.read("find_person", person_id=person_id)[0]["company_id"]
    rows = store.read("account_roles", company_ids=[company])[0]["rows"]
    return [r for r in rows if r["person_id"] == person_id]


@pytest.mark.usefixtures("fresh_demo_store")
def test_set_and_remove_roles(client, demo_store):
    person_id = _new_person(client, "cloudnest")
    token = _token(client)
    on_deal = client.post(f"/people/{person_id}/roles", data={
        "csrf_token": token, "role": "Champion", "stance": "supporter",
        "opportunity_id": "cloudnest-o-1", "note": "pushes for us"})
    assert on_deal.status_code == 303
    wide = client.post(f"/people/{person_id}/roles", data={
        "csrf_token": token, "role": "influencer", "stance": "opponent"})
    assert wide.status_code == 303
    roles = sorted((r["role"], r["stance"], r.get("opportunity_id")) for r in
                   _roles(demo_store, person_id))
    assert roles == [("champion", "supporter", "cloudnest-o-1"),
                     ("influencer", "opponent", None)]
    page = client.get(f"/people/{person_id}").get_data(as_text=True)
    assert "champion (supporter)" in page and "influencer (opponent)" in page
    # the same role on the same deal is updated, not doubled
    client.post(f"/people/{person_id}/roles", data={
        "csrf_token": token, "role": "champion", "stance": "neutral",
        "opportunity_id": "cloudnest-o-1"})
    assert len(_roles(demo_store, person_id)) == 2
    removed = client.post(f"/people/{person_id}/roles/remove", data={
        "csrf_token": token, "role": "influencer", "opportunity_id": ""})
    assert removed.status_code == 303
    assert [(r["role"], r["stance"]) for r in _roles(demo_store, person_id)] == [
        ("champion", "neutral")]
    again = client.post(f"/people/{person_id}/roles/remove", data={
        "csrf_token": token, "role": "influencer", "opportunity_id": ""})
    assert again.status_code == 404


@pytest.mark.parametrize(("fields", "field", "reason"), [
    ({"role": ""}, "role", "a value is required"),
    ({"role": "king"}, "role", "Input should be"),
    ({"role": "user", "stance": "hostile"}, "stance", "Input should be"),
    ({"role": "user", "opportunity_id": "ferrox-o-1"}, "opportunity_id",
     "belongs to company 'ferrox'"),
    ({"role": "user", "opportunity_id": "no-such-deal"}, "opportunity_id",
     "unknown opportunity"),
])
@pytest.mark.usefixtures("fresh_demo_store")
def test_set_role_invalid_is_400_inline(client, demo_store, fields, field, reason):
    person_id = _new_person(client, "cloudnest")
    response = client.post(f"/people/{person_id}/roles",
                           data={"csrf_token": _token(client), **fields})
    assert response.status_code == 400
    assert reason in _errors(response.get_data(as_text=True))[field]
    assert _roles(demo_store, person_id) == []


@pytest.mark.usefixtures("fresh_demo_store")
def test_record_relationship_and_keep_what_the_form_does_not_show(client, demo_store):
    person_id = _new_person(client)
    token = _token(client)
    response = client.post(f"/people/{person_id}/relationships", data={
        "csrf_token": token, "colleague_id": "c-samir", "strength": "4",
        "last_contact": "2026-11-02"})
    assert response.status_code == 303
    page = client.get(f"/people/{person_id}").get_data(as_text=True)
    assert "Samir Haddad" in page and "4/5" in page and "last 2026-11-02" in page
    demo_store.write("upsert_relationships", rows=[{
        "colleague_id": "c-samir", "person_id": person_id, "strength": 4,
        "source": "conference"}])
    client.post(f"/people/{person_id}/relationships", data={
        "csrf_token": token, "colleague_id": "c-samir", "strength": "5"})
    stored = demo_store.read("find_relationship", colleague_id="c-samir",
                             person_id=person_id)[0]["props"]
    assert stored["strength"] == 5 and stored["source"] == "conference"


@pytest.mark.parametrize(("fields", "field", "reason"), [
    ({"colleague_id": "c-samir", "strength": "9"}, "strength", "less than or equal to 5"),
    ({"colleague_id": "", "strength": "3"}, "colleague_id", "a value is required"),
    ({"colleague_id": "c-nobody", "strength": "3"}, "colleague_id", "unknown colleague"),
    ({"colleague_id": "c-samir", "strength": "3", "last_contact": "31/12/2026"},
     "last_contact", "valid date"),
])
@pytest.mark.usefixtures("fresh_demo_store")
def test_record_relationship_invalid_is_400_inline(client, demo_store, fields, field, reason):
    person_id = _new_person(client)
    response = client.post(f"/people/{person_id}/relationships",
                           data={"csrf_token": _token(client), **fields})
    assert response.status_code == 400
    assert reason in _errors(response.get_data(as_text=True))[field]
    assert demo_store.read("find_relationship", colleague_id="c-samir",
                           person_id=person_id) == []


@pytest.mark.usefixtures("fresh_demo_store")
def test_record_interaction_shows_on_the_person_and_the_deal(client, demo_store):
    person_id = _new_person(client, "cloudnest", name="Deal Contact")
    response = client.post(f"/people/{person_id}/interactions", data={
        "csrf_token": _token(client), "date": "2026-11-20", "colleague_id": "c-aiko",
        "type": "demo", "opportunity_id": "cloudnest-o-1", "summary": "demo of <CRM>"})
    assert response.status_code == 303
    page = client.get(f"/people/{person_id}").get_data(as_text=True)
    assert "2026-11-20" in page and "demo of &lt;CRM&gt;" in page and "Aiko Tanaka" in page
    deal = client.get("/opportunities/cloudnest-o-1").get_data(as_text=True)
    assert "demo of &lt;CRM&gt;" in deal


@pytest.mark.parametrize(("fields", "field", "reason"), [
    ({"date": "", "colleague_id": "c-aiko", "type": "call"}, "date", "a value is required"),
    ({"date": "2026-11-20", "colleague_id": "c-aiko", "type": "telepathy"}, "type",
     "Input should be"),
    ({"date": "2026-11-20", "colleague_id": "c-aiko", "type": "call",
      "opportunity_id": "ferrox-o-1"}, "opportunity_id", "belongs to company 'ferrox'"),
    ({"date": "2026-11-20", "colleague_id": "c-ghost", "type": "call"}, "colleague_id",
     "unknown colleague"),
])
@pytest.mark.usefixtures("fresh_demo_store")
def test_record_interaction_invalid_is_400_inline(client, demo_store, fields, field, reason):
    person_id = _new_person(client, "cloudnest")
    def count() -> int:
        return len(demo_store.read("account_interactions", company_ids=["cloudnest"])[0]["rows"])

    before = count()
    response = client.post(f"/people/{person_id}/interactions",
                           data={"csrf_token": _token(client), **fields})
    assert response.status_code == 400
    assert reason in _errors(response.get_data(as_text=True))[field]
    assert count() == before


@pytest.mark.parametrize("path", [
    "/accounts/mediva/people", "/people/mediva-p-005/edit", "/people/mediva-p-005/roles",
    "/people/mediva-p-005/roles/remove", "/people/mediva-p-005/relationships",
    "/people/mediva-p-005/interactions", "/import",
])
def test_every_form_refuses_a_post_without_csrf_token(client, demo_store, path):
    before = stats(demo_store)
    response = client.post(path, data={"name": "Mallory", "role": "user",
                                       "colleague_id": "c-aiko", "strength": "5"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert stats(demo_store) == before


def test_forms_of_unknown_people_are_404(client):
    token = _token(client)
    for path in ("/people/nope/roles", "/people/nope/relationships",
                 "/people/nope/interactions"):
        response = client.post(path, data={"csrf_token": token, "role": "user",
                                           "colleague_id": "c-aiko", "strength": "3",
                                           "date": "2026-01-01", "type": "call"})
        assert response.status_code == 404, path


# --- import by upload ---------------------------------------------------------------------

GOOD = {
    "companies.csv": "id,name,industry\nupl,Upload Test Co,retail\n",
    "departments.csv": "id,company_id,name,function\nupl-d-it,upl,IT,it\n",
    "people.csv": ("id,company_id,name,department_id,reports_to\n"
                   "upl-p-1,upl,Ada Boss,upl-d-it,\nupl-p-2,upl,Bo Report,upl-d-it,upl-p-1\n"),
}
BAD = {
    **GOOD,
    "people.csv": ("id,company_id,name,department_id,seniority\n"
                   "bad-p-1,upl-bad,Ann,,\nbad-p-2,upl,Bob,ferrox-d-fin,vp\n"
                   "bad-p-3,upl,Cy,,emperor\n"),
}


def _zip(files: dict[str, str]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    buffer.seek(0)
    return buffer


def _upload(client, data: io.BytesIO, filename: str):
    return client.post("/import", data={"csrf_token": _token(client),
                                        "bundle": (data, filename)},
                       content_type="multipart/form-data")


def test_import_page_renders(client):
    page = client.get("/import").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and 'name="bundle"' in page


@pytest.mark.usefixtures("fresh_demo_store")
def test_upload_a_valid_zip_imports_and_shows_counts(client, demo_store):
    response = _upload(client, _zip({f"bundle/{k}": v for k, v in GOOD.items()}), "b.zip")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    counts = dict(re.findall(r'data-file="(\w+)"><td>\w+</td><td class="num">(\d+)<', page))
    assert counts == {"companies": "1", "departments": "1", "people": "2"}
    assert demo_store.read("manager_chain", person_id="upl-p-2") == [{"id": "upl-p-1"}]
    assert "Upload Test Co" in client.get("/accounts/upl").get_data(as_text=True)


@pytest.mark.usefixtures("fresh_demo_store")
def test_upload_a_json_bundle(client, demo_store):
    document = {"companies": [{"id": "upj", "name": "Json Co", "industry": "retail"}],
                "people": [{"id": "upj-p-1", "company_id": "upj", "name": "Jo"}]}
    response = _upload(client, io.BytesIO(json.dumps(document).encode()), "bundle.json")
    assert response.status_code == 200
    assert demo_store.read("find_person", person_id="upj-p-1")


def test_upload_a_bad_bundle_lists_every_problem_and_writes_nothing(client, demo_store):
    before = stats(demo_store)
    response = _upload(client, _zip(BAD), "bad.zip")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    table = page[page.index('id="import-problems"'):]
    rows = [tuple(re.sub(r"<[^>]+>", "", cell).strip() for cell in
                  re.findall(r"<td[^>]*>(.*?)</td>", row, re.S))
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]
    assert [r[:3] for r in rows if r] == [("people.csv", "2", "company_id"),
                                          ("people.csv", "3", "department_id"),
                                          ("people.csv", "4", "seniority")]
    assert "nothing was written" in page
    assert stats(demo_store) == before


@pytest.mark.parametrize("evil", ["../evil.csv", "/tmp/evil.csv", "ok/../../evil.csv",
                                  "..\\evil.csv"])
def test_upload_a_zip_with_an_unsafe_path_is_refused(client, demo_store, evil, tmp_path):
    before = stats(demo_store)
    response = _upload(client, _zip({**GOOD, evil: "x"}), "evil.zip")
    assert response.status_code == 400
    assert "unsafe path" in response.get_data(as_text=True)
    assert stats(demo_store) == before
    assert not Path("/tmp/evil.csv").exists()


@pytest.mark.parametrize(("payload", "filename", "reason"), [
    (b"not a zip", "x.zip", "cannot be read as a .zip archive"),
    (b"{}", "x.txt", "upload a .json bundle or a .zip"),
    (b"[1, 2]", "x.json", "must be an object"),
    (b"{}", "x.json", "no bundle files found"),
])
def test_upload_of_something_else_is_400(client, payload, filename, reason):
    response = _upload(client, io.BytesIO(payload), filename)
    assert response.status_code == 400
    assert reason in response.get_data(as_text=True)


def test_upload_over_the_size_cap_is_refused(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)
    response = _upload(client, io.BytesIO(b"x" * 4096), "big.json")
    assert response.status_code == 413
