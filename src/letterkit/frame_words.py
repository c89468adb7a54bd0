"""Every word of a letter's frame, by its use: what a language's catalogue translates.

Each entry's key is its use, which a catalogue gives as the message's context
(``msgctxt``); its value is the English, which is also the frame of messages in
English. A translator starts a language from :func:`catalogue_template`.
"""

from __future__ import annotations

VARIANTS = 4
"""Wordings of the lead-ins; a batch gives each signer one, so letters differ."""
CLOSINGS = 3
"""Wordings of the closing lines and sign-offs."""
NONE = "-"
"""A setting's value for `none`: a catalogue cannot hold an empty message."""

HONORIFICS = {
    "Excellency": r"excellency|h\.\s*e\.|excellence|exzellenz|excelencia|excelent[ií]sim[oa]|"
    r"excm[oa]|excellentie",
    "Majesty": r"majesty|majesté|majestät|majestad|majesteit",
    "Highness": r"highness|altesse|hoheit|alteza|hoogheid",
    "Holiness": r"holiness|sainteté|heiligkeit|santidad|heiligheid",
}
"""Honorifics as cases write them in the five languages, by what their bearer is called."""

ENTRIES: dict[str, str] = {
    # Settings: the conventions a language's letters keep.
    "setting: the mark after a salutation": ",",
    "setting: words written in lower case when they begin the letter after its salutation": NONE,
    "setting: words elided before a vowel, as word:elided pairs": NONE,
    "setting: beginnings of words whose h is not silent": NONE,
    "setting: a preposition and a town's article that contract, as word+article:contracted pairs": (
        NONE
    ),
    "setting: the first day of a month, as a date writes it": NONE,
    "setting: the word for and, which an ask pasted from a list may end with": "and",
    "setting: everyday words, by which a short text is known to be in this language": (
        "i i'm am the and of to my our you your for with this that are have has it who from at been"
    ),
    # The page.
    "the line naming what a letter is about": "Re: {subject}",
    "before the officials a letter is copied to": "cc:",
    "salutation when nothing is known of the recipient": "Dear Sir or Madam",
    **{f"salutation for someone addressed as {name}": f"Your {name}" for name in HONORIFICS},
    **{f"closing address for someone addressed as {name}": f"Your {name}" for name in HONORIFICS},
    # The asks, led in: a letter says `also` and `finally` as it goes on.
    "lead-in to the first ask, wording 1": "I urge you to {ask}.",
    "lead-in to the next ask, wording 1": "I also urge you to {ask}.",
    "lead-in to the last ask, wording 1": "Finally, I urge you to {ask}.",
    "lead-in to the first ask, wording 2": "I call on you to {ask}.",
    "lead-in to the next ask, wording 2": "I also call on you to {ask}.",
    "lead-in to the last ask, wording 2": "Lastly, I call on you to {ask}.",
    "lead-in to the first ask, wording 3": "I ask you to {ask}.",
    "lead-in to the next ask, wording 3": "I further ask you to {ask}.",
    "lead-in to the last ask, wording 3": "And I ask you to {ask}.",
    "lead-in to the first ask, wording 4": "Please {ask}.",
    "lead-in to the next ask, wording 4": "Please also {ask}.",
    "lead-in to the last ask, wording 4": "Finally, please {ask}.",
    # The end of an appeal, and of every letter.
    "before the sign-off of an appeal, wording 1": "I look forward to your reply.",
    "before the sign-off of an appeal, wording 2": (
        "Thank you for your attention. I look forward to your response."
    ),
    "before the sign-off of an appeal, wording 3": "I would be grateful for your reply.",
    "sign-off, wording 1; {address} is the salutation's form of address": "Yours sincerely,",
    "sign-off, wording 2; {address} is the salutation's form of address": "Sincerely,",
    "sign-off, wording 3; {address} is the salutation's form of address": "Respectfully,",
    # The fax cover.
    "the fax cover's heading": "FAX",
    "a label of the fax cover: the recipient": "To:",
    "a label of the fax cover: the fax number": "Fax:",
    "a label of the fax cover: the sender": "From:",
    "a label of the fax cover: the date": "Date:",
    "a label of the fax cover: the pages": "Pages:",
    "a label of the fax cover: what it is about": "Re:",
    "the fax cover's page count": "{pages} (including this one)",
    # A call, spoken.
    "spoken in a call: greeting, with the caller's town": (
        "Hello, my name is {name} and I am calling from {town}."
    ),
    "spoken in a call: greeting": "Hello, my name is {name}.",
    "spoken in a call: the first ask": "I urge the authorities to {ask}.",
    "spoken in a call: the next ask": "I also urge them to {ask}.",
    "spoken in a call: goodbye": "Thank you for passing on my message.",
    "spoken in a call: thanks": "I am calling to say thank you.",
    # A tweet.
    "lead-in to the asks of a tweet, wording 1": "I urge you to {asks}.",
    "lead-in to the asks of a tweet, wording 2": "Please {asks}.",
    "lead-in to the asks of a tweet, wording 3": "I call on you to {asks}.",
    "a tweet's ask after the first, before the last": ", {ask}",
    "a tweet's last ask, after the others": " and {ask}",
}
"""Every word of the frame: its use (the catalogue's context), and its English."""


def catalogue_template() -> str:
    """A gettext template (``.pot``) of every entry, for a translator starting a language."""
    entries = [
        "# The frame of letterkit's letters. Each entry's context says what it is for.",
        "# A setting's `-` means none. Keep {placeholders} as they are.",
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        "",
    ]
    for use, english in ENTRIES.items():
        entries += [f'msgctxt "{_quoted(use)}"', f'msgid "{_quoted(english)}"', 'msgstr ""', ""]
    return "\n".join(entries)


def _quoted(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
