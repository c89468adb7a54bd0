"""Letters that read alike: found the same whether compared here or in the helper process."""

from __future__ import annotations

import sys

import pytest

from letterkit import similarity
from letterkit.similarity import NearIdentical, letter_body

ASKS = [
    "I urge you to release everyone detained for who they are or whom they love.",
    "I also urge you to open an impartial investigation into the detentions.",
    "Finally, I urge you to protect those at risk from violence by officials.",
    "Please ensure that no one is returned to their family against their will.",
]


def _letter(number: int) -> str:
    """Letters as a batch makes them: a sentence of the signer's own, then two asks."""
    own = f"I am reader number {number} of the {number % 7} weekly papers in town {number * 31}."
    asks = "\n\n".join(ASKS[number % 3 : number % 3 + 2])
    return f"Dear President,\n\n{own}\n\n{asks}\n\nYours sincerely,\n\nA. Signer {number}\n"


def _compare(letters: range, handoff: int) -> similarity.Found:
    with NearIdentical(handoff=handoff) as near:
        for number in letters:
            near.add(number, _letter(number))
        return near.found()


def test_the_helper_finds_the_pairs_found_in_process() -> None:
    here = _compare(range(600), handoff=10**9)
    helped = _compare(range(600), handoff=50)
    assert here.count > 100  # two asks in common of three paragraphs: they read alike
    assert helped == here
    assert helped.complete


def test_the_body_leaves_out_salutation_and_sign_off() -> None:
    assert letter_body(_letter(4)).startswith("I am reader number 4 ")
    assert "Yours sincerely" not in letter_body(_letter(4))
    assert "Dear" not in letter_body(_letter(4))


def test_without_a_helper_everything_is_compared_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    found = _compare(range(300), handoff=50)
    assert found == _compare(range(300), handoff=10**9)
    assert found.complete


def test_a_helper_that_dies_is_said_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", "/bin/false")  # starts, then ends at once
    found = _compare(range(600), handoff=50)
    assert not found.complete
    # What was compared before the handoff is kept.
    assert found.pairs[:10] == _compare(range(600), handoff=10**9).pairs[:10]


def test_the_helper_run_by_hand_says_what_it_is() -> None:
    import pexpect

    child = pexpect.spawn(
        sys.executable, ["-m", "letterkit.similarity"], encoding="utf-8", timeout=20
    )
    child.expect_exact(
        "letterkit.similarity: a helper process that a batch starts, not run by hand"
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
