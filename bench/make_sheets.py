"""Write the inputs of bench/batch.py: signers sheets, and mailmerge's template and config.

A helper process of its own, so that the process that measures stays small: a child
process's peak memory, as os.wait4 reports it, counts the memory of the process
that started it (it is the same memory until the child runs its program).

    python bench/make_sheets.py FOLDER SIZE [SIZE ...]

Writes FOLDER/signers-SIZE.csv (name, about, place, asks; UTF-8; names in Cyrillic,
Greek and accented Latin; a unique name and sentence per row; about one row in five
without asks, which letterkit then chooses), FOLDER/mailmerge-SIZE.csv (the same rows
and an email column), FOLDER/mailmerge_template.txt and FOLDER/mailmerge_server.conf.
The same size always gives the same sheet.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

CASE = "ua-2-19-russia"

# Names as sign-up sheets have them, in three scripts; a number keeps them apart.
NAMES = [
    (["Мария", "Анна", "Ольга", "Елена", "Наталья"], ["Иванова", "Смирнова", "Кузнецова"]),
    (["Дмитрий", "Алексей", "Сергей", "Иван"], ["Иванов", "Петров", "Соколов", "Попов"]),
    (["Ζωή", "Ελένη", "Μαρία", "Κατερίνα"], ["Παπαδοπούλου", "Γεωργίου", "Οικονόμου"]),
    (["Γιώργος", "Νίκος", "Δημήτρης", "Κώστας"], ["Παπαδόπουλος", "Γεωργίου", "Νικολάου"]),
    (
        ["Zoë", "Renée", "José", "François", "Łukasz", "Søren", "Ángela", "Jürgen", "Çağla"],
        ["Ünïcödé", "Müller", "Núñez", "Ødegård", "Brontë", "Šimková", "Wójcik", "Lefèvre"],
    ),
    (["Maria", "John", "Aisha", "Wei", "Priya", "Kofi"], ["Example", "Smith", "Okafor", "Chen"]),
]
PLACES = [
    "Ottawa, Canada",
    "Montréal, Québec, Canada",
    "Zürich, Switzerland",
    "Kraków, Poland",
    "Thessaloniki, Greece",
    "Санкт-Петербург, Россия",
    "Αθήνα, Ελλάδα",
    "São Paulo, Brazil",
    "Malmö, Sweden",
    "Nairobi, Kenya",
    "",
]
JOBS = [
    "nurse",
    "teacher",
    "student of law",
    "retired engineer",
    "librarian",
    "bus driver",
    "software developer",
    "social worker",
    "pharmacist",
    "farmer",
    "musician",
    "parent of two",
    "doctor",
    "journalist",
]
TOWNS = ["Ottawa", "Montréal", "Zürich", "Kraków", "Thessaloniki", "Malmö", "São Paulo", "Nairobi"]
BELIEFS = [
    "I care for people whatever their sexual orientation",
    "I believe no one should be detained for who they love",
    "I have friends who fear for their safety because of who they are",
    "I teach that human rights belong to everyone, without exception",
    "I have written letters for people at risk for ten years",
    "I stand with LGBTI people in Chechnya and everywhere",
    "I cannot stay silent while people are tortured for who they are",
    "I know how much a letter from a stranger can mean to a family",
    "I see every day what fear does to people and their families",
    "I was shocked to read that the 2017 abductions went unpunished",
    "I want the families of the disappeared to get answers",
    "I believe that justice delayed is justice denied",
]
ABOUTS = [
    "As a {job} in {town}, {belief}.",
    "I am a {job} from {town}, and {belief}.",
    "{belief} — and as a {job} in {town} I will keep writing.",
]


def write_sheets(rows: int, folder: Path) -> tuple[Path, Path]:
    """The signers sheet and mailmerge's copy of it (with an email column), seeded by size."""
    chooser = random.Random(rows)
    sheet, peer = folder / f"signers-{rows}.csv", folder / f"mailmerge-{rows}.csv"
    seen: set[tuple[str, str]] = set()
    with (
        sheet.open("w", encoding="utf-8", newline="") as ours,
        peer.open("w", encoding="utf-8", newline="") as theirs,
    ):
        out, out_peer = csv.writer(ours), csv.writer(theirs)
        out.writerow(["name", "about", "place", "asks"])
        out_peer.writerow(["name", "about", "place", "asks", "email"])
        for row in range(rows):
            while True:
                firsts, lasts = chooser.choice(NAMES)
                name = f"{chooser.choice(firsts)} {chooser.choice(lasts)} {chooser.randint(1, 999)}"
                about = chooser.choice(ABOUTS).format(
                    job=chooser.choice(JOBS),
                    town=chooser.choice(TOWNS),
                    belief=chooser.choice(BELIEFS),
                )
                if (name.casefold(), about.casefold()) not in seen:
                    seen.add((name.casefold(), about.casefold()))
                    break
            asks = ""
            if chooser.random() < 0.8:  # the others leave it to letterkit
                numbers = chooser.sample(range(1, 5), chooser.randint(2, 3))
                asks = chooser.choice([" ", ";", ",", "; "]).join(map(str, numbers))
            place = chooser.choice(PLACES)
            out.writerow([name, about, place, asks])
            out_peer.writerow([name, about, place, asks, f"signer{row + 1}@example.org"])
    return sheet, peer


def write_mailmerge_inputs(folder: Path, date: str) -> tuple[Path, Path]:
    """A mailmerge template whose body is the case's letter, and a server config."""
    from letterkit.cases import case_dirs, find_case, load_case
    from letterkit.compose import make_draft, make_writer, parse_date
    from letterkit.render import render

    case = load_case(find_case(CASE, case_dirs()))
    writer = make_writer("{{name}}", "{{about}}", "{{place}}")
    draft = make_draft(case, writer, [1, 3], "letter", None, parse_date(date))
    body = render(draft).text.replace("{{about}}.", "{{about}}")
    template = folder / "mailmerge_template.txt"
    template.write_text(
        f"TO: president@example.org\nSUBJECT: Re: {case.title}\nFROM: {{{{email}}}}\n\n{body}",
        encoding="utf-8",
    )
    config = folder / "mailmerge_server.conf"
    config.write_text("[smtp_server]\nhost = 127.0.0.1\nport = 25\nratelimit = 0\n")
    return template, config


def main() -> int:
    folder, *sizes = sys.argv[1:]
    date = "2026-11-25"
    write_mailmerge_inputs(Path(folder), date)
    for rows in sizes:
        write_sheets(int(rows), Path(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
