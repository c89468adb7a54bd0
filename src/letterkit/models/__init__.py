"""The case file, as pydantic models: what a campaign author writes and a writer reads.

Every model forbids unknown keys, so a misspelt key is an error rather than a
silently missing address. Text fields refuse control characters, so what a case
says is what a terminal shows. The JSON Schema of :class:`Case` is what
``letterkit schema`` prints.

- :mod:`~letterkit.models.base`: the base model and the channels;
- :mod:`~letterkit.models.officials`: whom to write to, and how to reach them;
- :mod:`~letterkit.models.asks`: what a writer may ask;
- :mod:`~letterkit.models.deadlines`: when to write;
- :mod:`~letterkit.models.texts`: kinds of letter, model letters, other languages;
- :mod:`~letterkit.models.case`: the case itself.
"""

from letterkit.models.asks import MAX_ASKS, Ask, AskForm, Asks, ChooseRange
from letterkit.models.base import Channel, Model, contact_field
from letterkit.models.case import MAX_OFFICIALS, Case, LetterTexts, Updates, seen_on
from letterkit.models.deadlines import Deadline, Standing, Timing
from letterkit.models.officials import SUPPLIED_FIELDS, Address, Official, Phone, SuppliedRecipient
from letterkit.models.texts import SLOTS, Kind, Translation, fill_slots, slots_of

__all__ = [
    "MAX_ASKS",
    "MAX_OFFICIALS",
    "SLOTS",
    "SUPPLIED_FIELDS",
    "Address",
    "Ask",
    "AskForm",
    "Asks",
    "Case",
    "Channel",
    "ChooseRange",
    "Deadline",
    "Kind",
    "LetterTexts",
    "Model",
    "Official",
    "Phone",
    "Standing",
    "SuppliedRecipient",
    "Timing",
    "Translation",
    "Updates",
    "contact_field",
    "fill_slots",
    "seen_on",
    "slots_of",
]
