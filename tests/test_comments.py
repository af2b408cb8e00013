"""Comments: on the whole text or on a passage, replies, resolution, and where they stand.

A passage comment follows its words when the text changes elsewhere; when its
words are gone or found twice without the context to tell them apart, it is
outdated, never attached to a passage it was not written about.
"""

from __future__ import annotations

import subprocess

import pytest
from coordination import ASSOCIATIVE, COORDINATOR, DRAFTER, OUTSIDER, STRANGER

from interpellations.acts.discussion import add_comment, resolve_comment
from interpellations.acts.drafting import edit_texts
from interpellations.errors import AnchorNotUnique, NotAllowed
from interpellations.reading.threads import Thread, comment_threads
from interpellations.record.ids import InterpellationId
from interpellations.record.interpellation import load_interpellation
from interpellations.record.model import Language
from interpellations.record.store import Store
from interpellations.text.anchoring import Placement

HOUSING_MEMBER = ASSOCIATIVE[3]  # Léa Dubois: gt-logement, an associative seat
AVIS = "La coordination estime que la taxe doit être perçue."


def log(store: Store, count: int) -> list[str]:
    """`author|e-mail|Action trailer` of the last commits, as `git log` shows them."""
    fmt = "%an|%ae|%(trailers:key=Action,valueonly,separator=)"
    out = subprocess.run(
        ["git", "log", f"-{count}", f"--format={fmt}"],
        cwd=store.path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.splitlines()


def threads(store: Store, iid: InterpellationId) -> dict[str, Thread]:
    return {t.comment.id: t for t in comment_threads(load_interpellation(store.snapshot(), iid))}


def rewrite(store: Store, iid: InterpellationId, old: str, new: str) -> None:
    """The working group saves a new version of the French text."""
    raw = load_interpellation(store.snapshot(), iid).files["texte.fr.md"].decode()
    assert old in raw
    result = edit_texts(store, DRAFTER, iid, {Language.FR: raw.replace(old, new)}, store.head())
    assert result.write.changed


def body_at(store: Store, iid: InterpellationId, thread: Thread) -> str:
    assert thread.located is not None
    anchor = thread.comment.anchor
    assert anchor is not None
    text = load_interpellation(store.snapshot(), iid).text(anchor.language)
    assert text is not None
    return text.section_body(anchor.section)[thread.located.start : thread.located.end]


def test_a_comment_on_the_whole_text_is_one_commit_by_its_author(
    store: Store, interpellation: InterpellationId
) -> None:
    comment, result = add_comment(store, OUTSIDER, interpellation, "  Bonne initiative.  ")

    thread = threads(store, interpellation)[comment]
    assert thread.comment.body == "Bonne initiative."
    assert thread.comment.by == OUTSIDER
    assert thread.comment.anchor is None
    assert thread.located is None
    assert result.changed
    assert log(store, 1) == [f"Nora Lambert|{OUTSIDER}|comment"]
    info = store.commit_info(result.version)
    assert info.subject == "Commente « Logements vides à Valbrune »"
    assert info.trailers["Interpellation"] == str(interpellation)
    assert info.trailers["Event"] == comment
    assert info.trailers["Text-Id"] == load_interpellation(store.snapshot(), interpellation).text_id


def test_a_passage_comment_keeps_version_section_quote_and_context(
    store: Store, interpellation: InterpellationId
) -> None:
    version = store.head()

    comment, _ = add_comment(
        store,
        HOUSING_MEMBER,
        interpellation,
        "Quelle source ?",
        version=version,
        section="constats",
        quote="Les loyers augmentent",
    )

    anchor = threads(store, interpellation)[comment].comment.anchor
    assert anchor is not None
    assert (anchor.version, anchor.language, anchor.section) == (version, Language.FR, "constats")
    assert anchor.quote == "Les loyers augmentent"
    assert anchor.prefix == "Soixante immeubles sont vides.\n\n"
    assert anchor.suffix == " chaque année."


def test_a_passage_comment_follows_its_words_when_the_text_changes_elsewhere(
    store: Store, interpellation: InterpellationId
) -> None:
    comment, _ = add_comment(
        store,
        HOUSING_MEMBER,
        interpellation,
        "Quelle source ?",
        section="constats",
        quote="Les loyers augmentent",
    )
    before = threads(store, interpellation)[comment].located
    assert before is not None
    assert before.placement == Placement.ATTACHED

    added = "Le groupe a visité le quartier de la Gare.\n\n"
    rewrite(store, interpellation, "Soixante immeubles", added + "Soixante immeubles")

    after = threads(store, interpellation)[comment]
    assert after.located is not None
    assert after.located.placement == Placement.ATTACHED
    assert after.located.start == before.start + len(added)
    assert body_at(store, interpellation, after) == "Les loyers augmentent"
    assert not after.outdated


def test_a_comment_whose_words_are_gone_is_outdated_and_keeps_its_version(
    store: Store, interpellation: InterpellationId
) -> None:
    written_on = store.head()
    comment, _ = add_comment(
        store,
        HOUSING_MEMBER,
        interpellation,
        "Chiffre ?",
        section="constats",
        quote="Les loyers augmentent",
    )

    rewrite(store, interpellation, "Les loyers augmentent", "Les loyers montent")

    thread = threads(store, interpellation)[comment]
    assert thread.outdated
    assert thread.located is not None
    assert (thread.located.start, thread.located.end) == (-1, -1)
    assert thread.comment.anchor is not None
    assert thread.comment.anchor.version == written_on
    # the version it was written on still shows the words
    old = load_interpellation(store.snapshot(written_on), interpellation)
    assert "Les loyers augmentent" in old.french.section_body("constats")


def test_a_quote_found_twice_stays_attached_only_where_its_context_says(
    store: Store, interpellation: InterpellationId
) -> None:
    comment, _ = add_comment(
        store, HOUSING_MEMBER, interpellation, "Depuis quand ?", section="avis", quote="la taxe"
    )

    rewrite(store, interpellation, AVIS, AVIS + "\n\nSans la taxe, rien ne changera.")

    thread = threads(store, interpellation)[comment]
    assert thread.located is not None
    assert thread.located.placement == Placement.ATTACHED
    assert thread.located.start == AVIS.index("la taxe")

    rewrite(store, interpellation, AVIS, "Sans fin.\n\n" + AVIS)  # the context now repeats
    rewrite(store, interpellation, "Sans la taxe, rien ne changera.", AVIS)

    avis = load_interpellation(store.snapshot(), interpellation).french.section_body("avis")
    assert avis.count(AVIS) == 2
    assert threads(store, interpellation)[comment].outdated


def test_a_quote_absent_or_not_unique_is_refused_and_nothing_is_committed(
    store: Store, interpellation: InterpellationId
) -> None:
    head = store.head()

    with pytest.raises(AnchorNotUnique) as absent:
        add_comment(store, HOUSING_MEMBER, interpellation, "?", section="avis", quote="loyer")
    with pytest.raises(AnchorNotUnique):
        add_comment(store, HOUSING_MEMBER, interpellation, "?", section="constats", quote="es")
    with pytest.raises(AnchorNotUnique):  # in the Avis and in the Propositions
        add_comment(store, HOUSING_MEMBER, interpellation, "?", quote="la taxe")

    assert absent.value.params == {"section": "avis", "quote": "loyer"}
    assert store.head() == head


def test_a_section_may_be_named_by_its_heading(
    store: Store, interpellation: InterpellationId
) -> None:
    comment, _ = add_comment(
        store, HOUSING_MEMBER, interpellation, "Où ?", section="Avis", quote="la taxe"
    )

    anchor = threads(store, interpellation)[comment].comment.anchor
    assert anchor is not None
    assert anchor.section == "avis"


def test_a_quote_without_a_section_is_anchored_in_the_section_holding_it(
    store: Store, interpellation: InterpellationId
) -> None:
    comment, _ = add_comment(
        store, HOUSING_MEMBER, interpellation, "Où ?", quote="Publier l'inventaire"
    )

    thread = threads(store, interpellation)[comment]
    assert thread.comment.anchor is not None
    assert thread.comment.anchor.section == "propositions"
    assert body_at(store, interpellation, thread) == "Publier l'inventaire"


def test_replies_and_resolution_are_commits_by_their_authors(
    store: Store, interpellation: InterpellationId
) -> None:
    comment, _ = add_comment(store, HOUSING_MEMBER, interpellation, "Chiffre ?")
    reply, _ = add_comment(store, DRAFTER, interpellation, "Je vérifie.", reply_to=comment)
    add_comment(store, HOUSING_MEMBER, interpellation, "Merci !", reply_to=reply)
    resolved = resolve_comment(store, COORDINATOR, interpellation, comment)

    thread = threads(store, interpellation)[comment]
    assert [(r.by, r.body) for r in thread.replies] == [
        (DRAFTER, "Je vérifie."),
        (HOUSING_MEMBER, "Merci !"),  # a reply to a reply stays in its thread
    ]
    assert thread.resolved_by == COORDINATOR
    assert store.commit_info(resolved.version).subject.startswith("Marque un commentaire résolu")
    assert log(store, 4) == [
        f"Gaëlle Simon|{COORDINATOR}|resolve",
        f"Léa Dubois|{HOUSING_MEMBER}|reply",
        f"Hugo Petit|{DRAFTER}|reply",
        f"Léa Dubois|{HOUSING_MEMBER}|comment",
    ]


def test_resolving_twice_is_refused_and_makes_no_second_commit(
    store: Store, interpellation: InterpellationId
) -> None:
    comment, _ = add_comment(store, HOUSING_MEMBER, interpellation, "Chiffre ?")
    resolve_comment(store, HOUSING_MEMBER, interpellation, comment)
    head = store.head()

    with pytest.raises(NotAllowed) as refused:
        resolve_comment(store, COORDINATOR, interpellation, comment)

    assert refused.value.params["reason"] == "already_resolved"
    assert store.head() == head
    assert threads(store, interpellation)[comment].resolved_by == HOUSING_MEMBER


def test_a_reply_or_resolution_of_an_unknown_comment_is_refused(
    store: Store, interpellation: InterpellationId
) -> None:
    head = store.head()
    journal = load_interpellation(store.snapshot(), interpellation).journal
    creation = journal.events[0].id  # an event, but not a comment

    with pytest.raises(NotAllowed, match="no_such_comment"):
        add_comment(store, HOUSING_MEMBER, interpellation, "Oui.", reply_to="c-00000000")
    with pytest.raises(NotAllowed, match="no_such_comment"):
        add_comment(store, HOUSING_MEMBER, interpellation, "Oui.", reply_to=creation)
    with pytest.raises(NotAllowed, match="no_such_comment"):
        resolve_comment(store, HOUSING_MEMBER, interpellation, "c-00000000")

    assert store.head() == head


def test_someone_outside_the_record_may_not_comment(
    store: Store, interpellation: InterpellationId
) -> None:
    head = store.head()
    comment, _ = add_comment(store, HOUSING_MEMBER, interpellation, "Chiffre ?")
    head = store.head()

    with pytest.raises(NotAllowed) as refused:
        add_comment(store, STRANGER, interpellation, "Bonjour")
    with pytest.raises(NotAllowed):
        resolve_comment(store, STRANGER, interpellation, comment)

    assert refused.value.params["reason"] == "not_a_member"
    assert store.head() == head
    assert log(store, 1) == [f"Léa Dubois|{HOUSING_MEMBER}|comment"]
