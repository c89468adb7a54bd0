"""Drafting case files from published actions: ``letterkit import``.

A published action (a web page, a PDF, an email pasted in) becomes lines of
text (:mod:`~letterkit.importing.sources`); its parts are recognised in five
languages (:mod:`~letterkit.importing.recognise`, with the words in
:mod:`~letterkit.importing.words`); and a draft case file is written with the
source line of every value beside it (:mod:`~letterkit.importing.draft`).

Nothing here is imported by the other commands: its libraries (dateparser,
Beautiful Soup, pypdf) cost start-up time only when a case is imported.
"""
