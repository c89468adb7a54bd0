"""The words by which a published action's parts are known, in five languages.

Each pattern lists, language by language, the labels and phrases that the
sections of these organisations use in their actions (Urgent Actions,
Eilaktionen, actions urgentes, acciones urgentes, urgente acties): the words
were gathered from published actions, never their sentences. A pattern
matches at the start of a line unless said otherwise; all are case-blind.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

REFERENCE = re.compile(
    r"(?<![\w/])(?:E?UA|AU|UA-Nr\.?|Urgent Action|Eilaktion|Action urgente|Acci[oó]n urgente)"
    r"(?:\s*(?:No\.?|Nr\.?|n[°º]))?[\s:\u00a0-]*"
    r"(?P<number>\d{1,4}(?:[./]\d{1,4}){1,2})(?![\w/])",
    _I,
)
"""`UA 2/19`, `UA 208.18`, `AU 45/20`, `UA-Nr: 012/2026`: a reference anywhere in a line."""

KIND_OF_PAGE = re.compile(
    r"^(?:urgent action|ua|eilaktion|urgent-action|action urgente|appel urgent|acci[oó]n urgente|"
    r"urgente actie|write for rights|rapid action|letter-writing action|take action|"
    r"agissez|handeln sie|act[uú]a|kom in actie)[\s!:.-]*$",
    _I,
)
"""A line that says only what kind of page this is: not a title."""

WRITE_TO = re.compile(
    r"^(?:(?:please\s+|bitte\s+)?(?:write|send|mail|address|schreiben sie|senden sie|richten sie|"
    r"[ée]crivez|[ée]crire|envoyez|adressez|escrib[ae]n?|env[ií]en?|dir[ií]janse|schrijf|stuur)"
    r"\b[^:\n]{0,50}?\b(?:to|an|à|a|al|naar|aan)(?!\w)\s*:?"
    r"|(?:addresses|addressees?|recipients?|write to|contact information|contact details|"
    r"officials? to contact|adressen|adressaten|empfänger(?:innen)?|"
    r"adresses?|destinataires?|direcciones|destinatari[oa]s|adres(?:sen)?|geadresseerden?)\s*:"
    r")\s*(?P<rest>.*)$",
    _I,
)
"""`PLEASE WRITE TO:`, `Schreiben Sie an:`, `Écrivez à :`, `Escriban a:`, `Schrijf naar:`."""

COPIES = re.compile(
    r"^(?:and\s+|also\s+(?:send\s+)?|please\s+(?:also\s+)?(?:send\s+)?|send\s+)?"
    r"(?:copies|copy|cc)\b"
    r"(?:[^:\n]{0,40}?\b(?:to|of)(?!\w))?\s*:?\s*(?P<rest>.*)$"
    r"|^(?:kopien?|abschriften?|copies?|copias?|kopie(?:ën)?)\b"
    r"(?:\s+(?:bitte|aussi|tambi[eé]n|ook))?\s*(?:an|à|aux?|a|naar|aan)(?!\w)\s*:?\s*(?P<rest2>.*)$",
    _I,
)
"""`And copies to:`, `Also send copies to`, `Kopien an:`, `Copie à :`, `Copias a:`."""

LABEL = re.compile(
    r"(?<![\w@.])(?P<label>"
    r"fax|telefax|t[ée]l[ée]copie|"
    r"tel|t[ée]l|phone|telephone|t[ée]l[ée]phone|telefon|tel[ée]fono|telefoon|tfno|mobile|handy|"
    r"e-?mail(?:adres)?|courriel|m[ée]l|correo(?: electr[oó]nico)?|"
    r"twitter(?:\s*/\s*x)?|x(?:\s*\(twitter\))?|facebook|instagram|"
    r"web(?:site| ?form| ?page)?|online form|contact form|kontaktformular|"
    r"formulaire(?: de contact)?|"
    r"formulario(?: web)?|contactformulier|site(?: web| internet)?|internet|homepage|"
    r"salutation|anrede|formule d'appel|saludo|tratamiento|aanhef|"
    r"postage|porto|affranchissement|franqueo|frankering"
    r")\.?\s*(?:[:：]|\s-\s)\s*",
    _I,
)
"""A labelled contact or salutation anywhere in a line: `Fax: ...`, `Courriel : ...`."""

LABEL_KIND = {
    "fax": "fax",
    "telefax": "fax",
    "télécopie": "fax",
    "telecopie": "fax",
    "facebook": "facebook",
    "instagram": "instagram",
}
"""Labels whose kind is not found by their first letters (see :func:`label_kind`)."""


def label_kind(label: str) -> str:
    """What a label gives: fax, phone, email, twitter, web, salutation, facebook."""
    word = re.sub(r"\s+", " ", label.lower().strip(" .:："))
    if word in LABEL_KIND:
        return LABEL_KIND[word]
    if word.startswith(("tel", "tél", "phone", "tfno", "mobile", "handy")):
        return "phone"
    if word.startswith(("e-mail", "email", "courriel", "mél", "mel", "correo")):
        return "email"
    if word.startswith(("twitter", "x")):
        return "twitter"
    if word.startswith(("salutation", "anrede", "formule", "saludo", "tratamiento", "aanhef")):
        return "salutation"
    if word.startswith(("postage", "porto", "affranchissement", "franqueo", "frankering")):
        return "postage"
    return "web"


SALUTATION_LINE = re.compile(
    r"^(?:dear|to whom|your (?:excellency|honou?r|majesty|highness)|"
    r"sehr geehrte[rs]?|hochverehrte[rs]?|verehrte[rs]?|exzellenz|liebe[rs]?|"
    r"monsieur|madame|mesdames|messieurs|monseigneur|excellence|ma[îi]tre|"
    r"estimad[oa]s?|señor(?:a|es)?|sr\.|sra\.|excelent[ií]sim[oa]|excelencia|distinguid[oa]s?|"
    r"geachte|hooggeachte|beste|excellentie)\b[^.!?]{0,80}[,:!]?$",
    _I,
)
"""`Dear Minister,`, `Sehr geehrter Herr Präsident,`, `Monsieur le Procureur général,`."""

TO_THE_READER = re.compile(
    r"\b(?:friends?|supporters?|members?|activists?|colleagues?|all|reader|"
    r"freund(?:e|innen)?|unterstützer(?:innen)?|mitglieder|amis|amies|sympathisant|membres|"
    r"amig[oa]s?|simpatizantes|soci[oa]s|vriend(?:en|innen)?|leden)\b",
    _I,
)
"""A salutation to the reader (`Dear friend,`): the organisers' own letter, not a model letter."""

CLOSING = re.compile(
    r"^(?:yours (?:sincerely|faithfully|truly|respectfully)|sincerely(?: yours)?|respectfully|"
    r"(?:with )?(?:kind|best|warm) regards|"
    r"mit (?:freundlichen|besten|hochachtungsvollen) gr(?:ü|ue)(?:ß|ss)en|hochachtungsvoll|"
    r"mit freundlichem gru(?:ß|ss)|"
    r"veuillez agr[ée]er|je vous prie d'agr[ée]er|je vous prie de (?:croire|recevoir)|"
    r"recevez|cordialement|respectueusement|avec mes salutations|"
    r"atentamente|cordialmente|reciba un (?:cordial|atento) saludo|un saludo|"
    r"hoogachtend|met (?:vriendelijke|hartelijke) groet(?:en)?|met de meeste hoogachting)\b",
    _I,
)
"""The closing of a model letter: the frame writes its own."""

SIGNATURE = re.compile(
    r"^[\[(<]?\s*(?:your |ihr |votre |su |uw |je )?(?:full )?"
    r"(?:name|nom|nombre|naam|unterschrift|signature|firma|handtekening|vorname|adresse|address|"
    r"direcci[oó]n|adres|pr[ée]nom)\b[^.]{0,60}$",
    _I,
)
"""`[Your name]`, `Name, Adresse`, `(Nom et adresse)`: where the writer signs."""

ABOUT_PLACEHOLDER = re.compile(
    r"[\[(<][^\])>]{0,120}(?:yourself|about you|introduc|über sich|stellen sie sich|"
    r"vous pr[ée]sent|"
    r"pr[ée]sentez|sur vous|sobre usted|sobre ti|pres[ée]ntese|uzelf|jezelf|stel (?:u|je) voor)"
    r"[^\])>]{0,120}[\])>]",
    _I,
)
"""Where a model letter leaves room for the writer's sentence: `[Introduce yourself]`."""

ISSUED = re.compile(
    r"(?:^|\b)(?:date|dated|issued(?: on)?|published(?: on)?|datum|ver[öo]ffentlicht(?: am)?|"
    r"date de publication|publi[ée]e? le|date d'[ée]mission|fecha(?: de publicaci[oó]n)?|"
    r"publicad[oa](?: el)?|gepubliceerd(?: op)?|uitgegeven(?: op)?)\s*[:：]?\s*",
    _I,
)
"""`Date: 15 January 2019`, `Datum: 3. März 2026`, `Publié le 4 mai 2026`."""

DEADLINE = re.compile(
    r"(?:deadline|d[ée]lai(?: d'envoi)?|date limite|date butoir|frist|einsendeschluss|"
    r"plazo|fecha l[ií]mite|uiterste datum|"
    r"no later than|not later than|before|by|until|till|through|"
    r"bis(?: zum| spätestens| sp[äa]testens zum)?|sp[äa]testens(?: am| bis)?|vor dem|"
    r"avant(?: le)?|jusqu'au|d'ici (?:le|au)|au plus tard le|"
    r"antes del?|hasta el|a m[aá]s tardar el|"
    r"v[óo]{1,2}r|uiterlijk(?: op)?|tot(?: en met)?)\b\s*[:：]?\s*(?:the\s+|le\s+|el\s+|den\s+)?",
    _I,
)
"""The words before a deadline's date, in a sentence or a heading."""

DEADLINE_SENTENCE = re.compile(
    r"deadline|d[ée]lai|date limite|frist|einsendeschluss|plazo|fecha l[ií]mite|uiterste|"
    r"appeals?|letters?|write|send|schreiben|briefe|appelle|[ée]crivez|envoyez|lettres?|"
    r"appels?|escrib|env[ií]e|cartas?|llamamientos|schrijf|stuur|brieven|reacties|before|"
    r"no later|bis|avant|antes|v[óo]{1,2}r|uiterlijk",
    _I,
)
"""A line whose date is the deadline: it speaks of sending or of a deadline."""

BEFORE = re.compile(r"\b(?:before|vor dem|avant|antes|v[óo]{1,2}r)\b", _I)
"""Deadline words that make the day itself late (the case's `before:`)."""

ASKS_INTRO = re.compile(
    r"(?:please (?:write|send|call|urge|ask|email|tweet)|calling on|call on|urging|urge|"
    r"ask(?:ing)? (?:them|the authorities|him|her)|demand|requests?|recommended action|"
    r"in your (?:letters?|appeals?|emails?)|points? to (?:make|include)|"
    r"fordern sie|bitten sie|forderungen|appellieren sie|schreiben sie|"
    r"demandez|exhortez|appelez|recommandations|nous demandons|priez|"
    r"pid[ae]n?|solicit[ae]n?|inst[ae]n?|exij[ae]n?|"
    r"vraag|verzoek|roep\w* .{0,40}op|oproep)",
    _I,
)
"""A line that leads into the requests: the bullets after it are the asks."""

BACKGROUND = re.compile(
    r"^(?:background(?: information)?|additional information|more information|"
    r"hintergrund(?:informationen?)?|zum hintergrund|contexte|informations? compl[ée]mentaires?|"
    r"informaci[oó]n (?:adicional|complementaria)|antecedentes|contexto|"
    r"achtergrond(?:informatie)?)\s*:?\s*$",
    _I,
)
"""A heading over the background."""

ORGANISER = re.compile(
    r"(?:questions?|contact us|if you (?:have|need)|for more information|further information|"
    r"let us know|tell us|report (?:back|your action)|our office|"
    r"bei fragen|fragen\b|kontakt(?:ieren sie)?|r[üu]ckmeldung|"
    r"pour toute question|contactez|renseignements|informez-nous|"
    r"preguntas|m[aá]s informaci[oó]n|cont[aá]ct(?:enos|anos)|informaci[oó]n adicional|"
    r"vragen|meer informatie|neem contact|laat (?:ons|het ons) weten)",
    _I,
)
"""A line that introduces the organisers' own contact: not an official's."""

FURNITURE = re.compile(
    r"download|share|print|tweet this|facebook|instagram|linkedin|whatsapp|e-?mail this|donate|"
    r"sign up|subscribe|cookie|accept|read more|more info|\bpdf\b|herunterladen|teilen|drucken|"
    r"t[ée]l[ée]charger|partager|imprimer|descargar|compartir|imprimir|downloaden|delen|printen|"
    r"spenden|faire un don|doneer|dona\b|back to top|log ?in|newsletter|search|main menu|"
    r"skip to|suche|rechercher|buscar|zoeken",
    _I,
)
"""Page furniture: a line like this is never an ask, a title or a summary."""

ASK_LEAD_IN = re.compile(
    r"^(?:calling on|call on|urging|urge|asking|ask|demanding|demand|requesting|request|telling)\s+"
    r"(?:the (?:\w+ )?(?:authorities|government|president|minister)|them|him|her|the \w+)\s+to\s+"
    r"|^(?:en )?(?:demandant|exhortant|appelant|priant)\s+(?:aux |les )?"
    r"(?:autorit[ée]s\s+)?(?:à|de|d')\s*"
    r"|^(?:pidiendo|instando|exigiendo|solicitando)\s+(?:a las autoridades\s+)?(?:que\s+)?"
    r"|^(?:oproepend|met het verzoek)\s+(?:om\s+)?",
    _I,
)
"""`Calling on the authorities to release him`: the words before the request itself."""

HOW_MANY = re.compile(
    r"\b(?P<low>one|two|three|1|2|3|eins|einen|zwei|drei|un|une|deux|trois|uno|dos|tres|"
    r"een|twee|drie)\s+(?:or|to|oder|bis|ou|à|o|a|of|tot)\s+"
    r"(?P<high>two|three|four|five|2|3|4|5|zwei|drei|vier|fünf|deux|trois|quatre|cinq|"
    r"dos|tres|cuatro|cinco|twee|drie|vier|vijf)\b",
    _I,
)
"""`Choose two or three of the following`: how many asks a writer picks."""
NUMBERS = {
    word: value
    for value, words in enumerate(
        [
            (),
            ("one", "1", "eins", "einen", "un", "une", "uno", "een"),
            ("two", "2", "zwei", "deux", "dos", "twee"),
            ("three", "3", "drei", "trois", "tres", "drie"),
            ("four", "4", "vier", "quatre", "cuatro"),
            ("five", "5", "fünf", "cinq", "cinco", "vijf"),
        ]
    )
    for word in words
}

BULLET = re.compile(r"^\s*(?:[•·▪◦‣∙●○■□➢➤►▶–—*-]|\d{1,2}[.)]|\(?[a-h]\))\s+(?P<text>.+)$")
"""A list item: its text after the bullet or number."""

HONORIFIC = re.compile(
    r"^(?:his|her|their) (?:excellency|majesty|highness|honou?r)|^h\.\s?e\.|^s\.\s?e\.|"
    r"^(?:son|sa) (?:excellence|altesse|majest[ée])|^(?:seine|ihre) (?:exzellenz|majest[äa]t)|"
    r"^(?:su )?excelencia|^(?:zijne|hare) excellentie|^the honou?rable|^hon\.",
    _I,
)
"""An honorific before a name: `His Excellency`, `S. E.`, `Son Excellence`."""

ORGANISATION = re.compile(
    r"\b(?:ministry|office|embassy|department|government|presidency|court|prison|council|"
    r"parliament|commission|police|secretariat|agency|high commission|"
    r"ministerium|botschaft|amt|kanzlei|regierung|gericht|beh[öo]rde|staatsanwaltschaft|"
    r"minist[èe]re|ambassade|cabinet|gouvernement|pr[ée]sidence|tribunal|parquet|"
    r"ministerio|embajada|oficina|gobierno|presidencia|fiscal[ií]a|"
    r"ministerie|kabinet|regering|rechtbank|parket)\b",
    _I,
)
"""A line naming a body, not a person's title: it goes on the envelope."""

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ\"“«¿¡])")
