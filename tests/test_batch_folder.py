"""The batch's folder: safe names, letters an earlier run left, and one batch at a time."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from letterkit.batch.folder import LOCK_NAME, EarlierLetters, claimed_folder, file_name
from letterkit.compose import make_draft, make_writer
from letterkit.errors import OutputError
from letterkit.models import Case

DAY = dt.date(2026, 11, 25)


def letter(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_signer_whose_row_moved_is_found_by_name_and_sentence(tmp_path: Path, case: Case) -> None:
    letter(tmp_path, "000002-ann-lee.txt", "Dear President,\n\nI sing in a choir\nin Oslo.\n")
    letter(tmp_path, "000003-bob-ray.txt", "Dear President,\n\nI paint.\n")
    letter(tmp_path, "notes.txt", "not a letter")
    earlier = EarlierLetters(tmp_path)
    ann = make_draft(
        case, make_writer("Ann Lee", "I sing in a  choir in Oslo."), [1, 2], "letter", None, DAY
    )
    assert (
        earlier.same_signer(tmp_path / "000005-ann-lee.txt", ann) == tmp_path / "000002-ann-lee.txt"
    )
    # The same name with another sentence is another signer.
    other_ann = make_draft(case, make_writer("Ann Lee", "I dance."), [1, 2], "letter", None, DAY)
    assert earlier.same_signer(tmp_path / "000005-ann-lee.txt", other_ann) is None
    # A letter is not its own earlier letter.
    assert earlier.same_signer(tmp_path / "000002-ann-lee.txt", ann) is None


def test_a_row_that_now_holds_someone_else_is_pointed_out(tmp_path: Path) -> None:
    letter(tmp_path, "000003-bob-ray.txt", "I paint.\n")
    letter(tmp_path, "000003-bob-ray-putin.txt", "I paint.\n")
    earlier = EarlierLetters(tmp_path)
    assert sorted(earlier.other_signer(tmp_path / "000003-cy-ng.txt", "Cy Ng")) == [
        "000003-bob-ray-putin.txt is from an earlier version of the sheet: row 3 now holds Cy Ng",
        "000003-bob-ray.txt is from an earlier version of the sheet: row 3 now holds Cy Ng",
    ]
    # Bob Ray's own: his letter to another official, or in another format.
    assert earlier.other_signer(tmp_path / "000003-bob-ray.txt", "Bob Ray") == []
    assert earlier.other_signer(tmp_path / "000003-bob-ray-darchiev.pdf", "Bob Ray") == []
    assert earlier.other_signer(tmp_path / "000004-dee.txt", "Dee") == []


def test_no_folder_or_an_empty_one_holds_no_earlier_letters(tmp_path: Path, case: Case) -> None:
    draft = make_draft(case, make_writer("Ann", "I sing."), [1, 2], "letter", None, DAY)
    for earlier in (
        EarlierLetters(None),
        EarlierLetters(tmp_path / "missing"),
        EarlierLetters(tmp_path),
    ):
        assert earlier.same_signer(tmp_path / "000002-ann.txt", draft) is None
        assert earlier.other_signer(tmp_path / "000002-ann.txt", "Ann") == []
        assert not earlier.taken(tmp_path / "000002-ann.txt")


def test_a_name_is_taken_by_whatever_held_it_when_the_run_began(tmp_path: Path) -> None:
    letter(tmp_path, "000002-ann.txt", "Dear President,\n")
    (tmp_path / "000003-bo.txt").mkdir()  # not a letter, but the name is taken all the same
    letter(tmp_path, "000004-Cy.txt", "Dear President,\n")
    earlier = EarlierLetters(tmp_path)
    letter(tmp_path, "000005-dee.txt", "written by someone else since: the run holds the folder")
    assert earlier.taken(tmp_path / "000002-ann.txt")
    assert earlier.taken(tmp_path / "000003-bo.txt")
    assert not earlier.taken(tmp_path / "000005-dee.txt")
    assert not earlier.taken(tmp_path / "000006-ann.txt")
    # Another case of a name is asked of the disk: taken where the folder ignores case.
    ignores_case = (tmp_path / "000004-cy.txt").exists()
    assert earlier.taken(tmp_path / "000004-cy.txt") is ignores_case


@pytest.mark.parametrize(
    ("row", "name", "official", "expected"),
    [
        (2, "Maria Example", None, "000002-maria-example.txt"),
        (3, "Мария Иванова", "putin", "000003-mariia-ivanova-putin.txt"),
        (1_000_000, "???", None, "1000000-signer.txt"),
    ],
)
def test_file_names(row: int, name: str, official: str | None, expected: str) -> None:
    assert file_name(row, name, ".txt", official) == expected


def test_one_batch_holds_a_folder_and_clears_a_killed_runs_debris(tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    folder.mkdir()
    stale = letter(folder, ".000002-ann.txt.4242.tmp", "half a letter")
    kept = letter(folder, ".hidden-notes.tmp", "the organiser's own")
    with claimed_folder(folder):
        assert not stale.exists()
        assert kept.exists()
        assert (folder / LOCK_NAME).exists()
        with (
            pytest.raises(OutputError, match="another batch is writing letters here"),
            claimed_folder(folder),
        ):
            pass
    with claimed_folder(folder):  # free again
        pass


def test_a_folder_that_cannot_be_made_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with (
        pytest.raises(OutputError, match="cannot write letters here"),
        claimed_folder(tmp_path / "file" / "letters"),
    ):
        pass
    assert os.listdir(tmp_path) == ["file"]


@pytest.mark.parametrize("kind", ["fifo", "device link", "large"])
def test_what_is_not_a_letter_under_a_letters_name_is_never_read(tmp_path: Path, kind: str) -> None:
    from letterkit.batch.folder import NotALetterError, read_earlier

    path = tmp_path / "000002-ann.txt"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device link":
        path.symlink_to("/dev/zero")
    else:
        path.write_bytes(b"x" * 1_000_001)
    with pytest.raises(NotALetterError, match="is not a letter letterkit wrote"):
        read_earlier(path)
    assert EarlierLetters(tmp_path).other_signer(tmp_path / "000002-bob.txt", "Bob") == (
        []
        if kind != "large"
        else ["000002-ann.txt is from an earlier version of the sheet: row 2 now holds Bob"]
    )


def test_inputs_and_outputs_under_a_letters_name_in_the_folder_are_refused(
    tmp_path: Path,
) -> None:
    from letterkit.batch.folder import check_outside_letters
    from letterkit.errors import ChoiceError

    folder = tmp_path / "letters"
    folder.mkdir()
    sheet = folder / "000002-maria-example.txt"
    sheet.write_text("name,about\n")
    with pytest.raises(ChoiceError) as caught:
        check_outside_letters(folder, [("the signers sheet", sheet), ("the journal", None)])
    assert caught.value.field == "out_dir"
    assert "holds the signers sheet under a letter's name (000002-maria-example.txt)" in str(
        caught.value
    )
    check_outside_letters(folder, [("the envelopes", folder / "envelopes.pdf")])
    check_outside_letters(folder, [("the envelopes", tmp_path / "000002-x.pdf")])


def test_a_temporary_file_of_a_live_process_is_kept(tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    folder.mkdir()
    mine = letter(folder, f".000002-ann.txt.{os.getpid()}.tmp", "being written")
    dead = letter(folder, ".000003-bob.txt.999999999.tmp", "left by a killed run")
    with claimed_folder(folder):
        assert mine.exists()
        assert not dead.exists()
