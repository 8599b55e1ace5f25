"""The speakers' list: points of order first, then speeches, each in the order requested."""

from hypothesis import given
from hypothesis import strategies as st

from meetings.session.rules import speaking_order


def request(position, kind="speech"):
    return {"position": position, "kind": kind}


def test_point_of_order_goes_before_earlier_speeches():
    requests = [request(1), request(2), request(3, "point_of_order")]

    ordered = speaking_order(requests)

    assert [r["position"] for r in ordered] == [3, 1, 2]


def test_points_of_order_keep_their_own_order():
    requests = [request(4, "point_of_order"), request(1), request(2, "point_of_order")]

    ordered = speaking_order(requests)

    assert [r["position"] for r in ordered] == [2, 4, 1]


@given(
    st.lists(
        st.tuples(st.integers(1, 1000), st.sampled_from(["speech", "point_of_order"])),
        unique_by=lambda pair: pair[0],
    )
)
def test_no_speech_precedes_a_point_of_order_and_each_kind_keeps_its_order(pairs):
    ordered = speaking_order([request(position, kind) for position, kind in pairs])

    kinds = [r["kind"] for r in ordered]
    assert kinds == sorted(kinds, key=lambda kind: kind != "point_of_order")
    for kind in ("speech", "point_of_order"):
        positions = [r["position"] for r in ordered if r["kind"] == kind]
        assert positions == sorted(positions)
    assert len(ordered) == len(pairs)
