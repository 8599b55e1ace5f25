"""State changes of a running meeting: one function each, one event each (see STYLE.md),
grouped by what they change.

Every function locks the meeting row (`select_for_update`), so that changes of one meeting are
serialized and their events numbered without gaps; writes its change and the event in one
transaction; and leaves the broadcast to `events.append_event`, which sends after commit.
"""
