"""Signers met twice in a sheet, found through the filter and the table behind it."""

from __future__ import annotations

from letterkit.batch.duplicates import SeenSigners, fingerprint
from letterkit.message import Writer


def test_the_same_signer_is_the_same_whatever_the_case_and_spacing() -> None:
    first = Writer("Maria Example", "I am a nurse  in Ottawa.")
    again = Writer("MARIA EXAMPLE", " i am a nurse in\tottawa. ")
    assert fingerprint(first) == fingerprint(again)
    assert fingerprint(first) != fingerprint(Writer("Maria Example", "I am a teacher."))
    assert fingerprint(first) != fingerprint(Writer("Maria Exampl", "e I am a nurse in Ottawa."))


def test_a_signer_met_again_gives_the_row_first_met() -> None:
    seen = SeenSigners()
    assert seen.first_row(fingerprint(Writer("Ann", "I sing.")), 2) is None
    assert seen.first_row(fingerprint(Writer("Bob", "I sing.")), 3) is None
    assert seen.first_row(fingerprint(Writer("ann", "i sing.")), 4) == 2
    assert seen.first_row(fingerprint(Writer("Ann", "I sing.")), 5) == 2  # still the first row
    seen.close()


def test_signers_are_found_after_they_reach_the_table_on_disk() -> None:
    seen = SeenSigners()
    for row in range(2, 3_002):  # past the thousand kept in memory before a flush
        assert seen.first_row(fingerprint(Writer(f"Signer {row}", "I write.")), row) is None
    assert seen.first_row(fingerprint(Writer("Signer 2", "I write.")), 4_000) == 2
    assert seen.first_row(fingerprint(Writer("Signer 3001", "I write.")), 4_001) == 3_001
    seen.close()


def test_a_false_alarm_of_the_filter_is_settled_by_the_table() -> None:
    seen = SeenSigners()
    one = 0x1234_5678_0000_0042
    # The same two bits of the filter (the low 23 bits of each half), another signer.
    other = one + (1 << 23)
    assert seen.first_row(one, 2) is None
    assert seen.first_row(other, 3) is None  # both bits set, but not in the table
    for row in range(4, 1_100):  # the first two now on disk
        seen.first_row(row << 24, row)
    assert seen.first_row(other, 2_000) == 3
    assert seen.first_row(one, 2_001) == 2
    seen.close()
