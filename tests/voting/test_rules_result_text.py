"""The result as the minutes word it."""

from voting.rules import ACCEPTED, REJECTED, TIE, Counts, result_text


def test_accepted_without_no_or_abstention_is_unanimous():
    assert result_text(Counts(30, 0, 0), ACCEPTED) == (
        "einstimmig beschlossen: 30 Ja, 0 Nein, 0 Enthaltungen"
    )


def test_accepted_with_votes_against_is_by_majority():
    assert result_text(Counts(20, 8, 2), ACCEPTED) == (
        "mehrheitlich beschlossen: 20 Ja, 8 Nein, 2 Enthaltungen"
    )


def test_one_abstention_is_singular():
    assert result_text(Counts(20, 0, 1), ACCEPTED) == (
        "mehrheitlich beschlossen: 20 Ja, 0 Nein, 1 Enthaltung"
    )


def test_rejected_says_so_with_the_numbers():
    assert result_text(Counts(8, 20, 2), REJECTED) == "abgelehnt: 8 Ja, 20 Nein, 2 Enthaltungen"


def test_rejected_without_any_no_is_not_called_unanimous():
    assert result_text(Counts(15, 0, 0), REJECTED) == "abgelehnt: 15 Ja, 0 Nein, 0 Enthaltungen"


def test_tie_names_the_tie_and_the_rejection():
    assert result_text(Counts(10, 10, 1), TIE) == (
        "Stimmengleichheit – abgelehnt: 10 Ja, 10 Nein, 1 Enthaltung"
    )


def test_an_election_elects_rather_than_decides():
    assert result_text(Counts(23, 5, 0), ACCEPTED, election=True) == (
        "mehrheitlich gewählt: 23 Ja, 5 Nein, 0 Enthaltungen"
    )


def test_an_election_without_a_majority_does_not_elect():
    assert result_text(Counts(10, 10, 1), TIE, election=True) == (
        "Stimmengleichheit – nicht gewählt: 10 Ja, 10 Nein, 1 Enthaltung"
    )
