"""Messages as JSON Lines, for pipelines: one object per message, with its row and signer."""

from __future__ import annotations

import json

from letterkit.batch.signers import SignerRow
from letterkit.message import Draft, Message, message_json

_json = json.JSONEncoder(ensure_ascii=False).encode


def json_line(signer: SignerRow, draft: Draft, message: Message) -> bytes:
    """The message as one JSON object, with the row and the signer it was made for.

    Bytes, as pydantic serialises to: made text, it would only be encoded again.
    """
    email = signer.fields.get("email")
    head = (
        f'{{"row":{signer.row},"signer":{_json(draft.writer.name)},'
        f'"signer_email":{_json(email) if email else "null"},'
    )
    return head.encode() + message_json(message)[1:] + b"\n"
