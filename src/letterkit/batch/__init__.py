"""Batch: one message per signer of a sheet, through the same checks and templates as compose.

- :mod:`~letterkit.batch.signers` reads the sheet, a row at a time;
- :mod:`~letterkit.batch.rows` makes a row into drafts;
- :mod:`~letterkit.batch.settings` says how a batch runs;
- :mod:`~letterkit.batch.run` renders, writes, compares and records each draft;
- :mod:`~letterkit.batch.folder` names the files, finds earlier ones, holds the lock;
- :mod:`~letterkit.batch.duplicates` spots a signer met twice;
- :mod:`~letterkit.batch.jsonl`, :mod:`~letterkit.batch.prints` and
  :mod:`~letterkit.batch.report` are what a run puts out.
"""

from letterkit.batch.folder import LOCK_NAME, file_name
from letterkit.batch.prints import Prints
from letterkit.batch.report import BatchReport
from letterkit.batch.rows import RowError, drafts_for_signer, signer_seed, varied_asks
from letterkit.batch.run import run_batch
from letterkit.batch.settings import BatchListener, BatchSettings
from letterkit.batch.signers import SheetError, SignerRow, SignersSheet, open_signers

__all__ = [
    "LOCK_NAME",
    "BatchListener",
    "BatchReport",
    "BatchSettings",
    "Prints",
    "RowError",
    "SheetError",
    "SignerRow",
    "SignersSheet",
    "drafts_for_signer",
    "file_name",
    "open_signers",
    "run_batch",
    "signer_seed",
    "varied_asks",
]
