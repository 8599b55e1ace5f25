"""Pure rules of the minutes: the states they pass through and the order of the signatures.

draft → final (rendered, locked) → signed (recorder, then chair, on both files) → published.
A final or signed version may be discarded to edit again; published minutes are corrected by a
new version, while the published one stays until its successor is published.
"""

DRAFT, FINAL, SIGNED, PUBLISHED = "draft", "final", "signed", "published"
RECORDER, CHAIR = "recorder", "chair"
FULL, PUBLIC = "full", "public"
DOCUMENTS = (FULL, PUBLIC)
ROLES = (RECORDER, CHAIR)

TRANSITIONS = {
    (DRAFT, FINAL),
    (FINAL, SIGNED),
    (SIGNED, PUBLISHED),
    # Back to the draft: a version not yet published is discarded, a published one is corrected
    # by the next version.
    (FINAL, DRAFT),
    (SIGNED, DRAFT),
    (PUBLISHED, DRAFT),
}


def may_transition(state: str, target: str) -> bool:
    return (state, target) in TRANSITIONS


def is_editable(state: str) -> bool:
    """Notes, free sections and corrections change only in the draft: a final text is locked."""
    return state == DRAFT


def may_correct_counts(ballot_kind: str) -> bool:
    """Counts of a show of hands or a secret ballot may be corrected. Those of a named vote follow
    from each member's recorded choice, which the minutes print by name: corrected counts would
    contradict that list."""
    return ballot_kind != "named"


def changed_fields(before: dict[str, object], after: dict[str, object]) -> list[str]:
    """The names whose values differ, in the order of `after`: what an edit changed."""
    return [name for name, value in after.items() if before.get(name) != value]


def may_sign(role: str, document: str, signed: set[tuple[str, str]]) -> bool:
    """Whether `role` may sign `document` now, given the (document, role) pairs already signed:
    each once, and the chair only after the recorder, since the chair's signature covers it."""
    if role not in ROLES or document not in DOCUMENTS or (document, role) in signed:
        return False
    return role == RECORDER or (document, RECORDER) in signed


def is_fully_signed(signed: set[tuple[str, str]]) -> bool:
    return all((document, role) in signed for document in DOCUMENTS for role in ROLES)


def next_signatures(signed: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (document, role) pairs that may be signed now, in the order they should be."""
    return [
        (document, role)
        for role in ROLES
        for document in DOCUMENTS
        if may_sign(role, document, signed)
    ]
