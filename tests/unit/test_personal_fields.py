"""The sensitive person fields: one list, a pure strip, and who sees them."""

from __future__ import annotations

import pytest

from graphprofile.errors import InvalidInput
from graphprofile.models import PERSONAL_FIELDS, Person, sensitive_fields, without_sensitive
from graphprofile.services import personal_data


def test_a_person_without_sensitive_fields_keeps_the_rest():
    person = Person(id="p", company_id="c", name="Ingrid", kpis="close time",
                    hobbies="marathon running", situation="holds veto", age_band="40-49",
                    personality="amiable", nickname="Iggy")
    shown = without_sensitive(person.to_properties(), sensitive_fields("nickname"))
    assert not set(PERSONAL_FIELDS) & set(shown) and "nickname" not in shown
    assert (shown["name"], shown["kpis"]) == ("Ingrid", "close time")


def test_only_editors_and_admins_see_them(monkeypatch):
    monkeypatch.setenv(personal_data.ENV, "kpis")
    assert personal_data.hidden_fields("viewer") == {*PERSONAL_FIELDS, "kpis"}
    assert personal_data.hidden_fields(None) == {*PERSONAL_FIELDS, "kpis"}
    assert personal_data.hidden_fields("editor") == frozenset()
    assert personal_data.hidden_fields("admin") == frozenset()
    assert personal_data.without_sensitive({"name": "x", "kpis": "y"}, "viewer") == {"name": "x"}


@pytest.mark.parametrize("configured", ["name", "kpis,reports_to", "title"])
def test_what_the_org_chart_reads_cannot_be_marked(monkeypatch, configured):
    monkeypatch.setenv(personal_data.ENV, configured)
    with pytest.raises(InvalidInput, match="GRAPHPROFILE_SENSITIVE_FIELDS"):
        personal_data.configured_fields()
