"""Two editors change the same person at once: no lost update."""

from __future__ import annotations

import threading

import pytest

from graphprofile import services
from graphprofile.errors import Conflict
from graphprofile.store.records import account_snapshot

PERSON = "ferrox-p-003"


def _stored(store):
    return next(p for p in account_snapshot(store, "ferrox").people if p.id == PERSON)


def _edited(person, **changes):
    return person.model_copy(update=changes)


def test_the_second_editor_of_a_stale_version_is_told_and_loses_nothing(demo):
    opened = _stored(demo)
    version = services.person_version(opened)
    services.save_person(demo, _edited(opened, title="Chief Operating Officer (EMEA)"),
                         expected_version=version)
    with pytest.raises(Conflict):
        services.save_person(demo, _edited(opened, goals="cut cost per unit by 8 %"),
                             expected_version=version)
    now = _stored(demo)
    assert now.title == "Chief Operating Officer (EMEA)"  # the first edit survived
    assert now.goals == opened.goals                      # the stale one was refused
    # With the fresh version the second editor can save knowingly.
    services.save_person(demo, _edited(now, goals="cut cost per unit by 8 %"),
                         expected_version=services.person_version(now))
    assert _stored(demo).goals == "cut cost per unit by 8 %"


def test_simultaneous_saves_of_one_version_let_exactly_one_through(demo):
    opened = _stored(demo)
    version = services.person_version(opened)
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def editor(n: int) -> None:
        barrier.wait()
        try:
            services.save_person(demo, _edited(opened, title=f"title by editor {n}"),
                                 expected_version=version)
            outcomes.append(f"saved {n}")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=editor, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    saved = [o for o in outcomes if o.startswith("saved")]
    assert len(saved) == 1 and outcomes.count("conflict") == 3, outcomes
    assert _stored(demo).title == f"title by editor {saved[0].split()[1]}"


def test_a_person_erased_meanwhile_conflicts(demo):
    from graphprofile.services.privacy import erase_person

    opened = _stored(demo)
    version = services.person_version(opened)
    erase_person(demo, PERSON, actor="dpo")
    with pytest.raises(Conflict):
        services.save_person(demo, _edited(opened, title="x"), expected_version=version)
