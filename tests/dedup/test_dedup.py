"""Near-duplicate detection with MinHash LSH."""

from __future__ import annotations

from eventwire.dedup import NearDuplicateIndex, mark_duplicates, signature, signature_bytes
from eventwire.model import Article

STORY = (
    "Negotiators from both delegations met in the capital on Tuesday for a third round of talks "
    "on a ceasefire, officials said. The mediators proposed a phased exchange of prisoners and a "
    "six-week pause in fighting along the northern front. The government spokesman said the cabinet "
    "would review the draft on Thursday, while the opposition accused ministers of conceding too much. "
    "Aid agencies warned that food supplies in the border towns would run out within days unless "
    "trucks were allowed through the crossing."
)
EDITED = STORY.replace("on Tuesday", "late on Tuesday").replace(
    "Aid agencies warned", "Several aid agencies warned"
) + " The talks are due to resume next week."
OTHER = (
    "Thousands of students marched through the city centre demanding the release of detained "
    "journalists. Police fired tear gas near the parliament building and arrested dozens of protesters, "
    "according to a rights group. The interior ministry said officers had acted with restraint."
)


def art(text: str) -> Article:
    return Article(id=Article.make_id(text), text=text)


def test_edited_copy_is_linked_to_the_first_article():
    index = NearDuplicateIndex()
    arts = [art(STORY), art(OTHER), art(EDITED)]
    sigs = mark_duplicates(arts, index)
    assert arts[0].duplicate_of is None and arts[1].duplicate_of is None
    assert arts[2].duplicate_of == arts[0].id
    assert 0.5 <= arts[2].duplicate_similarity < 1.0
    assert set(sigs) == {a.id for a in arts}
    assert len(index) == 2


def test_index_restored_from_saved_signatures_catches_later_copies():
    first = art(STORY)
    saved = [(first.id, signature_bytes(signature(first.text)))]
    index = NearDuplicateIndex()
    index.load(saved)
    later = art(EDITED)
    mark_duplicates([later], index)
    assert later.duplicate_of == first.id


def test_different_stories_are_not_duplicates():
    index = NearDuplicateIndex()
    arts = [art(STORY), art(OTHER)]
    mark_duplicates(arts, index)
    assert all(a.duplicate_of is None for a in arts)
