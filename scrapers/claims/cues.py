"""Words around a date that tell what the date is about.

All patterns run on folded text (see :func:`scrapers.relevance.fold`) and are
compiled once. Each is a table of alternatives rather than code, so adding a
word is a one-line change.
"""

from __future__ import annotations

import re


_PLAIN_HEAD = re.compile(r"[a-z'](?![?*+{])")


def _by_first_letter(alternatives: tuple[str, ...]) -> str:
    r"""One alternation with the alternatives that start with a plain letter grouped by it.

    re tries the branches of an alternation one by one at every word start; grouped by their first
    letter ("l(?:ancement|anc(?:er|...)|...)|s(?:ortie|...)"), a position tries a dozen branches
    instead of a hundred. Two branches with different first letters never match at one position, and
    the order inside a group is kept; branches that start otherwise ("(?:will|to)\s+be", "\w+") stay
    whole, first, in their order, so a match can differ only where such a branch and a lettered one
    both match at one place (on the case table and the corpus texts: one longer event span, "fête son
    anniversaire" for "fête").
    """
    groups: dict[str, list[str]] = {}
    other = []
    expanded = []
    for alt in alternatives:  # "(?:a|ont|avait)\s+lance" -> "a\s+lance", "ont\s+lance", "avait\s+lance"
        m = _LEADING_WORDS.match(alt)
        expanded += [w + alt[m.end():] for w in m.group(1).split("|")] if m else [alt]
    heads: dict[str, list[str]] = {}  # the other branches split by first letter, tried first in their group
    for alt in expanded:
        if _PLAIN_HEAD.match(alt) and "|" not in _top_level(alt):
            groups.setdefault(alt[0], []).append(alt[1:])
            continue
        split = _distributed(alt)
        if split is None:
            other.append(alt)
        else:
            for branch in split:
                heads.setdefault(branch[0], []).append(branch[1:])
    for head, rest in heads.items():  # (the other branches came before every lettered one: they still do)
        groups[head] = rest + groups.get(head, [])
    parts = other + [head + ("(?:" + "|".join(rest) + ")" if len(rest) > 1 else rest[0]) for head, rest in groups.items()]
    return "|".join(parts)


def _distributed(alt: str) -> list[str] | None:
    r"""A branch opening on a group of alternatives, as one branch per alternative, or None.

    "(?:creee?s?|fondee?s?)(?=\s)" -> "creee?s?(?=\s)", "fondee?s?(?=\s)": re tries (?:A|B)C as it
    tries A C | B C (A's ways, each followed by C, then B's), so the matches are the same; split
    down to plain first letters, the branches join the first-letter groups (a scan speed-up:
    a position no longer enters such a group to try its first letter). None when a part does
    not start with a plain letter or the group is repeated.
    """
    if not alt.startswith("(?:"):
        return [alt] if _PLAIN_HEAD.match(alt) and "|" not in _top_level(alt) else None
    bars, i = [], None
    for at, ch, depth in _structure(alt):
        if ch == "|" and depth == 1:
            bars.append(at)
        elif ch == ")" and depth == 1:
            i = at
            break
    if i is None:
        return None
    rest = alt[i + 1:]
    if rest[:1] in ("?", "*", "+", "{"):
        return None
    cuts = [2] + bars + [i]
    out = []
    for a, b in zip(cuts, cuts[1:]):
        split = _distributed(alt[a + 1:b] + rest)
        if split is None:
            return None
        out += split
    return out


_LEADING_WORDS = re.compile(r"\(\?:((?:[a-z']+(?:\\s\+[a-z']+)*\|)+[a-z']+(?:\\s\+[a-z']+)*)\)(?![?*+{])")


def _structure(pattern: str):
    """(index, character, group depth before it) for each character of a regex that is not
    escaped and not inside a character class: what the pattern walkers below look at."""
    depth, i, cls = 0, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if cls:
            cls = ch != "]"
        elif ch == "[":
            cls = True
        else:
            yield i, ch, depth
            depth += (ch == "(") - (ch == ")")
        i += 1


def _top_level(pattern: str) -> str:
    """The characters of a pattern outside its groups and classes (to find a top-level "|")."""
    return "".join(ch for _, ch, depth in _structure(pattern) if depth == 0 and ch not in "()")


def _words(*alternatives: str) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + _by_first_letter(alternatives) + r")(?!\w)")


class WordSpans:
    r"""The matches of a pattern that opens on ``(?<!\w)``, the same as ``pattern.finditer`` gives, found faster.

    Such a pattern makes the engine try every position of the text, each with a Unicode word test. The
    same pattern behind one character that is no word character, ``[^a-zA-Z0-9_](?<!\w)``, lets the
    engine skip every ASCII letter and digit in C and try the rest only after a space or a sign (the
    match at position 0, which has no character before it, is tried first with the pattern itself).
    Matches never overlap, as with ``finditer``: the next search starts at the last character of the
    previous match, which the next one may only use as its character before; the text and every
    position are the same, so look-arounds inside the pattern see what they saw. A pattern that may
    match an empty string or has a top-level alternative is scanned as it is. The second pattern is
    compiled on first use (a process that reads no text pays nothing for it).
    """

    __slots__ = ("_pattern", "_match", "_led")

    def __init__(self, pattern: re.Pattern):
        self._pattern = pattern
        self._match = pattern.match
        self._led = None  # the led search, False when the pattern does not qualify; None: not compiled yet

    def _lead(self):
        head = r"(?<!\w)"
        rest = self._pattern.pattern[len(head):]
        if not self._pattern.pattern.startswith(head) or "|" in _top_level(rest) or _min_width(self._pattern) == 0:
            self._led = False
        else:
            self._led = re.compile(r"[^a-zA-Z0-9_](?<!\w)(?:" + rest + ")", self._pattern.flags).search
        return self._led

    def all(self, f: str) -> list[tuple[int, int]]:
        """[m.span() for m in pattern.finditer(f)]"""
        led = self._led
        if led is None:
            led = self._lead()
        if led is False:
            return [m.span() for m in self._pattern.finditer(f)]
        out = []
        m = self._match(f)
        pos = 0
        if m is not None:
            out.append(m.span())
            pos = m.end() - 1
        while (q := led(f, pos)) is not None:
            end = q.end()
            out.append((q.start() + 1, end))
            pos = end - 1
        return out

    def first(self, f: str) -> tuple[int, int] | None:
        """pattern.search(f).span(), or None."""
        led = self._led
        if led is None:
            led = self._lead()
        m = self._match(f) if led is not False else self._pattern.search(f)
        if m is not None or led is False:
            return m.span() if m is not None else None
        q = led(f)
        return (q.start() + 1, q.end()) if q is not None else None

    def finditer(self, f: str) -> list[re.Match]:
        """list(pattern.finditer(f)): the match objects themselves (each found, then read again where it starts)."""
        led = self._led
        if led is None:
            led = self._lead()
        if led is False:
            return list(self._pattern.finditer(f))
        match = self._match
        out = []
        m = match(f)
        pos = 0
        if m is not None:
            out.append(m)
            pos = m.end() - 1
        while (q := led(f, pos)) is not None:
            m = match(f, q.start() + 1)
            out.append(m)
            pos = m.end() - 1
        return out


def _min_width(pattern: re.Pattern) -> int:
    """The fewest characters a match of ``pattern`` takes (0 when unsure)."""
    try:
        from re import _parser  # (Python 3.11's parser: the width the compiler works out)
        return _parser.parse(pattern.pattern, pattern.flags).getwidth()[0]
    except Exception:  # noqa: BLE001 - another Python: say unsure
        return 0


# A launch, planned or done: nouns and verbs, French and English.
LAUNCH = _words(
    # a gerund ("en lançant", "en créant Megaupload", "en fondant"): tenseless, like an English "-ing"
    r"en\s+(?:re)?(?:lancant|creant|fondant|ouvrant|inaugurant|mettant\s+en\s+ligne)",
    r"lancement", r"lanc(?:er|era|eront|erait|eraient|ee?s?|e|ent|ant)", r"relanc\w*",
    r"sortie", r"sorti(?:r|ra|ront|rait|raient|e?s?)",
    r"disponib\w+", r"accessibles?", r"operationnel\w*",
    r"arrivee", r"arriv(?:er|era|eront|erait|eraient|e?e?s?)",
    r"ouvr(?:ir|ira|iront|irait|e|ent)", r"ouverture", r"ouverte?s?",
    r"prevue?s?", r"programmee?s?", r"planifiee?s?", r"fixee?s?", r"envisagee?s?",
    r"debarqu\w*", r"mise?s?\s+en\s+(?:ligne|service|route)", r"mettre\s+en\s+ligne", r"en\s+ligne",
    r"demarr\w+", r"(?:voir|verra|verront)\s+le\s+jour", r"inaugur\w+", r"beta", r"bientot\s+la",
    r"retour", r"reviendra\w*", r"revenir", r"attendue?s?", r"aura\s+lieu", r"avoir\s+lieu", r"a\s+eu\s+lieu",
    r"date\s+de\s+(?:sortie|lancement)", r"rendez-vous", r"deploi\w*", r"sera\s+la", r"seront\s+la",
    r"s'appret\w*", r"compte\s+lancer", r"prevoi[tr]", r"prevoient", r"devoil\w+\s+au\s+(?:grand\s+)?public",
    # offered to the public, first steps: "sera proposé au public en mars", "mis à la disposition des
    # internautes", "fera ses premiers pas en mai"
    r"(?:propose|offert|ouvert|presente)e?s?\s+(?:au\s+(?:grand\s+)?public|aux\s+internautes|a\s+tous)",
    r"mise?s?\s+a\s+(?:la\s+)?disposition", r"(?:faire|fera|feront|ferait|feraient|fait|font)\s+(?:ses|leurs)\s+premiers\s+pas",
    r"repouss\w*", r"report(?:e|ee|es|ees|era|eront)", r"decalee?s?", r"suivr(?:a|ont)",
    r"verra\s+pas\s+le\s+jour", r"verront\s+pas\s+le\s+jour",
    r"launch\w*", r"re-?launch\w*", r"releas\w*", r"(?:will|to|should|would|could)\s+be\s+out(?!\s+of)(?!\w)", r"coming", r"come\s+out", r"comes\s+out", r"live", r"online",
    r"open(?:s|ed|ing)?(?![\s-]+source)", r"debut\w*", r"available", r"availability", r"arriv(?:e|es|ed|ing|al)",
    r"roll(?:s|ed|ing)?\s+out", r"rollout", r"return\w*", r"(?:will\s+be|is|be)\s+back", r"comes?\s+back",
    r"ship(?:s|ped|ping)?", r"due", r"expected", r"scheduled", r"slated", r"planned", r"set\s+to",
    r"go(?:es)?\s+online", r"up\s+and\s+running", r"go(?:es)?\s+public", r"takes?\s+place",
    r"took\s+place", r"kick(?:s|ed)?\s+off", r"switch(?:ed)?\s+on", r"unveil\w*", r"ready", r"readying", r"readies",
    r"pushed\s+(?:back\s+)?(?:to|until|into)", r"push(?:es)?\s+back", r"delay\w*", r"postpon\w*",
    r"will\s+follow", r"would\s+follow", r"(?:do\s+not|don't|won't)\s+expect", r"hit\s+the\s+(?:internet|web|market)",
    r"unleash\w*", r"renai(?:t|tre|tra|tront)", r"renaitre", r"bring(?:s|ing)?\s+back", r"brought\s+back",
    # comebacks and first appearances: "va ressusciter samedi", "sa renaissance prévue pour",
    # "doit faire son apparition le 19 janvier", "a comeback in January"
    r"get(?:s|ting)?\s+off\s+the\s+ground", r"ressusc\w+", r"emerg(?:er|era|eront|erait|e|ent)", r"resurrect\w*", r"renaissance", r"rebirth", r"come-?backs?",
    r"(?:faire|fera|feront|fait|ferait)\s+(?:son|sa|leur)\s+(?:apparition|entree|retour)",
    # ready, in French: "sera prêt d'ici quatre à cinq ans" (a future or an infinitive: "un prêt" is a loan)
    r"(?:sera|seront|serait|seraient|etre|soit|soient)\s+(?:\w+\s+)?prete?s?",
    # in working order, in French: "sera pleinement fonctionnel en mars", "devrait être actif au printemps",
    # "sera en service le 20 janvier" (after a future or an infinitive of être: "est actif" tells no launch)
    r"fonctionnel(?:le)?s?", r"(?:sera|seront|serait|seraient|etre|soit|soient|devenir|deviendra|deviendront|deviendrait)\s+"
    r"(?:(?:pleinement|totalement|enfin|officiellement|deja|bien|entierement|completement)\s+)?(?:actif|active|actifs|actives|"
    r"en\s+service|en\s+fonction|en\s+fonctionnement|en\s+activite)(?!\w)",
    r"entr(?:er|era|eront|erait|eraient)\s+en\s+(?:service|fonction|activite)", r"pointer\w*\s+le\s+bout\s+de\s+son\s+nez",
    # opening the doors to users: "began accepting registrations on Sunday", "will start taking sign-ups"
    r"(?:start|starts|started|begin|begins|began|begun)\s+(?:accepting|taking)\s+(?:new\s+)?"
    r"(?:registrations|sign-?ups|users|members|customers)",
    # the first users: "accueillera ses premiers abonnés en mars", "will welcome its first users in May"
    r"accueill(?:ir|era|eront|erait|eraient)\s+(?:ses|leurs)\s+premier(?:e?s)?",
    r"welcom(?:e|es|ing)\s+(?:its|their)\s+first",
    # a date put in the diary: "pencils in Q1 2017 for", "has pencilled in March"
    r"pencil(?:s|ed|led|ling)?\s+in",
    # in working order: "should be fully operational by", "will go into operation in March"
    r"(?:be|become|becomes|is|are|been)\s+(?:(?:fully|finally|partly|partially)\s+)?operational",
    r"(?:go|goes|come|comes|enter|enters|put)\s+into\s+(?:operation|service)",
)

# The speaker's verb: a date close to it is when something was said.
SPEECH = _words(
    r"annonc\w*", r"declar\w*", r"affirm\w*", r"promi[st]\w*", r"promet\w*", r"expliqu\w*",
    r"indiqu\w*", r"confirm\w*", r"assur\w*", r"tweet\w*", r"twitt\w*", r"precis\w*", r"revel\w*",
    r"ecri\w*", r"a\s+dit", r"avait\s+dit", r"disait", r"(?:fait|faisait)\s+(?:un\s+)?(?:premier\s+)?point",
    r"said", r"says", r"announc\w*", r"stated", r"wrote", r"told", r"claim\w*", r"posted",
    r"hinted", r"teased", r"vow\w*", r"pledg\w*", r"insist\w*", r"reveal\w*", r"evoqu\w*", r"parl\w*",
    r"mention\w*", r"repet\w*", r"reaffirm\w*", r"reiter\w*", r"repeated", r"reaffirmed",
    r"clam\w*", r"(?:a|avait|ont)(?:-t-(?:il|elle|ils))?\s+(?:poste|publie)",
    r"officialis\w*",
)

# Promise verbs: a speaker's verb that is also a launch cue ("promet Mega pour janvier").
PROMISE = _words(r"promi[st]\w*", r"promet\w*", r"annonc\w*", r"announc\w*", r"pledg\w*", r"vow\w*")

# A launch that happened: auxiliary + participle, present with "today", and
# phrases like "depuis son lancement".
LAUNCHED = _words(
    r"(?:a|ont|avait|avaient|est|sont|fut|furent|s'est)\s+(?:(?:enfin|officiellement|bien|deja|donc|finalement|"
    r"discretement|ete|aussi|alors|ainsi|maintenant|desormais|egalement|recemment|hier|tout\s+juste)\s+)*(?:lancee?s?|relancee?s?|mise?s?\s+en\s+(?:ligne|service|route)|inauguree?s?|"
    r"ouverte?s?|sortie?s?|debarquee?s?|arrivee?s?|demarree?s?|en\s+ligne|disponibles?|accessibles?|"
    r"operationnel(?:le)?s?|ouvert\s+ses\s+portes|fait\s+ses\s+debuts|vu\s+le\s+jour)",
    r"vient\s+(?:d'etre|de)\s+(?:lance\w*|ouvr\w*|sorti\w*|mise?\s+en\s+ligne|mettre\s+en\s+ligne|debarqu\w*|"
    r"inaugur\w*|demarr\w*)",
    r"(?:lance|ouvre|debarque|demarre|inaugure|sort|arrive)(?:\s+\w+){0,2}?\s+(?:aujourd'hui|ce\s+matin|ce\s+jour(?![\s-]+la)|"
    r"ce\s+soir|cette\s+nuit)",
    r"(?:depuis|lors\s+de|a|des)\s+son\s+(?:lancement|ouverture)", r"depuis\s+sa\s+(?:mise\s+en\s+ligne|sortie)",
    r"a\s+eu\s+lieu", r"ont\s+eu\s+lieu", r"fait\s+ses\s+debuts",
    r"(?:was|were|has\s+been|have\s+been|had\s+been|got)\s+(?:(?:officially|finally|quietly|publicly|just|already|now|"
    r"recently|formally|also)\s+)*"
    r"(?:launched|released|opened|rolled\s+out|switched\s+on|put\s+online|made\s+available)",
    r"(?:has|have|had)\s+(?:(?:officially|finally|quietly|just|already|now|recently|formally|also)\s+)*(?:launched|opened|gone\s+live|"
    r"debuted|arrived|gone\s+online|rolled\s+out|released)",
    r"launched", r"re-?launched", r"went\s+live", r"went\s+online", r"debuted", r"opened", r"came\s+online", r"rolled\s+out",
    r"kicked\s+off", r"took\s+place", r"(?:has|have)\s+been\s+(?:live|online|open|available)",
    r"is\s+(?:(?:now|finally|officially)\s+)*(?:live|online|open\s+to\s+the\s+public|up\s+and\s+running)",
    r"(?:finally|only|eventually|officially)\s+(?:arrived|appeared|surfaced)",
    r"(?:launches|goes\s+live|opens|debuts|is\s+launching|is\s+going\s+live)(?:\s+\w+){0,2}?\s+"
    r"(?:today|this\s+morning|tonight)",
    r"since\s+(?:its|the)\s+(?:launch|debut|opening)", r"(?:at|after)\s+its\s+launch",
    r"(?:founded|created|started|set\s+up|established)(?=\s+(?:in|on|back\s+in|by)\s)",
    r"(?:creee?s?|fondee?s?)(?=\s+(?:en|le)\s)",
    r"when\s+it\s+(?:launched|opened|went\s+live)",
    # narrative past: "dès 2013, il lançait Mega", "il y a deux ans, Mega naissait", "he attempted
    # to launch Mega back in 2013", "avait tenté un retour en 2013"
    r"lancai(?:t|ent)", r"inaugurai(?:t|ent)", r"naissai(?:t|ent)", r"ouvrai(?:t|ent)\s+ses\s+portes",
    r"(?:debarquai|demarrai|sortai)(?:t|ent)", r"(?:est|sont)\s+nee?s?",
    r"(?:started|began)\s+(?:accepting|taking)\s+(?:new\s+)?(?:registrations|sign-?ups|users|members|customers)",
    # reports of an opening: "became available on Thursday", "est devenu accessible jeudi", "entered public
    # beta", "available since Thursday", "disponible depuis jeudi", "the public beta began on Thursday"
    r"(?:became|has\s+become|have\s+become|(?:est|sont)\s+devenue?s?)\s+(?:(?:publicly|generally|widely)\s+)?"
    r"(?:available|accessible|live|public|disponibles?|accessibles?|publique?s?)",
    r"(?:entered|has\s+entered|(?:est|sont)\s+(?:entree?s?|passee?s?)\s+en)\s+(?:(?:a|its|public|open|closed)\s+)*beta",
    r"(?:available|accessible|disponibles?|accessibles?|en\s+ligne|online|live|ouverte?s?|up\s+and\s+running|"
    r"operational|operationnel(?:le)?s?|fonctionnel(?:le)?s?|en\s+service|actif|active|actifs|actives)\s+(?:since|depuis)",
    r"(?:went|came|entered|has\s+gone|has\s+come|was\s+put)\s+into\s+(?:operation|service)",
    r"(?:became|has\s+become|have\s+become|(?:has|have)\s+been)\s+(?:(?:fully|finally)\s+)?(?:operational|up\s+and\s+running)",
    r"(?:beta|launch|rollout|lancement|deploiement)\s+(?:[\w.-]+\s+){0,4}?(?:began|started|commenced|kicked\s+off|"
    r"a\s+(?:debute|commence|demarre))",
    r"avoir\s+(?:(?:deja|enfin)\s+)?(?:lance|ouvert|mis\s+en\s+ligne|inaugure)", r"having\s+(?:launched|opened)",
    r"(?:attempted|tried)\s+to\s+(?:re)?launch", r"(?:a|ont|avait)\s+devoile", r"unveiled", r"(?:a|avait)\s+tente\s+(?:un\s+retour|de\s+(?:re)?lancer)",
)
# Participles in apposition: "Mega, lancé le 20 janvier 2013, ..."
LAUNCHED_APPOSITION = re.compile(
    r"(?:^|,\s*)(?:lancee?s?|ouverte?s?|inauguree?s?|mise?s?\s+en\s+ligne|launched|opened)\s*,?\s+"
    r"(?:en|le|il\s+y\s+a|in|on|hier|yesterday|last|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b")
# (the same after a comma: led by a literal, the engine finds its commas in C; see appositions)
LAUNCHED_APPOSITION_COMMA = re.compile(LAUNCHED_APPOSITION.pattern.replace(r"(?:^|,\s*)", r",\s*", 1))


def appositions(f: str) -> list:
    """list(LAUNCHED_APPOSITION.finditer(f)): the match at the start, then those after a comma."""
    first = LAUNCHED_APPOSITION.match(f)
    found = [first] if first is not None else []
    if "," in f:
        found += LAUNCHED_APPOSITION_COMMA.finditer(f, first.end() if first is not None else 0)
    return found


# French past participles, read on the original (accented) text: "le service lancé en 2013".
LAUNCHED_PARTICIPLE = re.compile(
    r"(?<!\w)(?:lancée?s?|ouverte?s?|inaugurée?s?|mise?s?\s+en\s+ligne)\s+"
    r"(?:en|le|il\s+y\s+a|depuis|dès|hier|avant-hier|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)(?!\w)",
    re.IGNORECASE)
# A future auxiliary right before a launched-looking verb cancels it.
FUTURE_BEFORE = re.compile(
    r"(?<![\w'])(?:will|would|should|could|may|might|must|to|be|sera|seront|serait|seraient|doit|doivent|devrait|"
    r"devraient|va|vont|pourra|pourrait|pourraient|etre|going|shall|not|n't|pas|being)\s+(?:\w+\s+)?$")

# Launch now (no date needed): the publication day.
LAUNCHED_NOW = _words(
    r"vient\s+(?:d'etre|de)\s+(?:lance\w*|ouvr\w*|mettre\s+en\s+ligne|etre\s+mise?\s+en\s+ligne)",
    r"(?:est|sont)\s+(?:desormais|maintenant|enfin)\s+(?:en\s+ligne|disponibles?|ouverte?s?)",
    r"(?:has|have)\s+just\s+(?:launched|opened|gone\s+live)", r"just\s+(?:launched|went\s+live|opened)",
    r"is\s+(?:now|finally)\s+(?:live|online|open\s+to\s+the\s+public|available)",
)

# A promise reported after the fact: still planned, dates resolve backwards.
PAST_PLANNED = _words(
    r"devai(?:t|ent)", r"aurai(?:t|ent)\s+du", r"etai(?:t|ent)\s+(?:cense|censee|censes|prevue?s?|attendue?s?|"
    r"programmee?s?|annoncee?s?)", r"avai(?:t|ent)\s+ete\s+(?:prevue?s?|annoncee?s?|programmee?s?|promise?s?)",
    r"initialement\s+prevue?s?", r"originellement\s+prevue?s?",
    r"(?:was|were)\s+(?:(?:originally|initially|first)\s+)?(?:supposed|due|expected|scheduled|slated|set|"
    r"meant|planned|promised)", r"should\s+have", r"n'(?:a|ont|est|sont|etait|avait)\s+(?:pas|jamais)",
    r"(?:has|have|had|did|was|were|is)\s*n't", r"(?:has|have|had|did|was|were)\s+(?:not|never)",
    # a forecast reported afterwards: "was predicted to launch in 2012, but the predictions fell short"
    r"(?:was|were|had\s+been)\s+(?:(?:widely|originally|initially)\s+)?(?:predicted|forecast|projected|rumou?red|"
    r"tipped|touted|billed|hoped)", r"would\s+have", r"had\s+(?:been\s+)?(?:planned|promised|"
    r"expected|scheduled|slated|due)", r"originally\s+(?:planned|scheduled|slated|due|expected)",
)

# Other events whose dates are not launches.
EVENT = _words(
    r"raids?", r"raided", r"perquisition\w*", r"descente", r"arrest\w*", r"arrestation\w*", r"arretee?s?", r"interpell\w*",
    r"fermeture", r"fermee?s?", r"ferma", r"shut\w*", r"closure", r"closed", r"takedown", r"taken\s+down",
    r"saisie?s?", r"seiz\w+", r"extrad\w+", r"audiences?", r"hearings?", r"proces", r"trials?", r"tribunal",
    r"courts?", r"cour", r"juges?", r"judges?", r"appel", r"appeals?", r"verdict", r"jugement", r"ruling",
    r"condamn\w*", r"sentenc\w*", r"crowdfunding", r"financement\s+participatif", r"kickstarter", r"indiegogo",
    r"campagnes?", r"campaigns?", r"albums?", r"singles?", r"chansons?", r"songs?", r"concerts?", r"clips?",
    r"birthday", r"mariage", r"wedding", r"elections?", r"electoral", r"votes?", r"bail", r"caution",
    r"liberation", r"liberee?", r"prison", r"jail", r"divorce", r"fbi", r"police", r"mandat", r"warrant",
    r"inculp\w*", r"indict\w*", r"charged", r"accus\w*", r"deposition", r"temoign\w*", r"testif\w*",
    # legal proceedings are opened and launched too: "Ouverte en janvier, l'enquête sur X", "the
    # investigation into X, opened in 2010", "une action en justice contre X a été lancée le 3 mars"
    r"enquetes?", r"investigations?", r"procedures?", r"poursuites", r"plaintes?", r"lawsuits?", r"probes?",
    r"actions?\s+en\s+justice", r"grand\s+jury",
    r"conference", r"keynote",
    # a party, not a part of the day: "dans la soirée du 19 janvier", "en soirée", "la soirée de samedi"
    r"soiree(?<!dans\sla\ssoiree)(?<!en\ssoiree)(?<!en\sdebut\sde\ssoiree)(?<!en\sfin\sde\ssoiree)"
    r"(?!\s+(?:du|de|d')\s*(?:\d|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|demain|hier)|\s+d'hier)", r"party", r"fete", r"anniversaire\s+de\s+kim",
    r"(?:son|sa|ses|leur)\s+(?:\w+\s+)?anniversaire", r"(?:fete|feter|fetera|celebr\w+)\s+(?:son|ses|sa|leur)\s+\w+",
    r"effac\w+", r"supprim\w+", r"deleted", r"deletion", r"wiped", r"eras\w+",
    r"destroy\w*", r"detrui\w*", r"decisions?", r"ruled",
    # money raised is not a service opening: "la vente des tokens", "listing on the stock exchange"
    r"s'est\s+(?:achevee?|terminee?)", r"s'acheve\w*", r"came\s+to\s+an\s+end", r"drew\s+to\s+a\s+close",
    r"tokens?", r"ico", r"ieo", r"fund-?raising", r"stock\s+exchange", r"listing",
    r"bourse",
)

# A launch word that names something else: "the launch event", "la soirée de lancement" is a
# party; "will live blog", "a live stream" is coverage.
LAUNCH_NOT_SERVICE_AFTER = re.compile(
    r"\s+(?:events?|party|parties|gala|ceremon\w+|press\s+conference|blog\w*|stream\w*|coverage|updates|"
    r"show|tweet\w*|video\w*)(?!\w)")
# Delays told as what came before a launch are no plan: "After numerous delays, the service was demoed in
# January", "après de nombreux retards, ..." (the delay words end the match).
DELAYS_BEFORE_LAUNCH = re.compile(r"(?<![\w'])(?:after|despite|apres|malgre)\s+(?:(?:many|numerous|several|repeated|"
                                  r"months\s+of|years\s+of|de\s+nombreux|plusieurs|des\s+mois\s+de)\s+)?$")
# "back in fall 2013", "as early as 2013": a past point of reference (a statement date beside a past
# speech verb).
BACK_IN_BEFORE = re.compile(r"(?<!\w)(?:back(?:\s+in)?|as\s+early\s+as|des\s+l'|des)\s+(?:the\s+)?$")
# Before an English participle, these make it an adjective: "his shuttered website", "now-closed".
EVENT_AS_ADJECTIVE = re.compile(r"(?:(?<!\w)(?:his|her|its|their|the|a|an)\s+|now-)$")
# Opening a clause, it qualifies the name after it: "..., indicted Megaupload founder Kim Dotcom is
# planning" (not "Indicted last year, ...": the extractor checks the capital of the next word).
EVENT_BEFORE_NAME = re.compile(r"(?:^|[,;:])\s*$")
# Back after an outage is no launch: "avant d'être de nouveau accessible", "à nouveau en ligne".
RESTORED_BEFORE = re.compile(r"(?<!\w)(?:de|a)\s+nouveau\s+$")
# A person's arrival or return is no launch: "his arrival in New Zealand in 2010".
PERSON_BEFORE_CUE = re.compile(r"(?<!\w)(?:his|her|their|xbox|windows|playstation)\s+$")  # and "Xbox Live"
PERSON_CUES = frozenset({"arrival", "return", "returns", "returned", "returning", "live", "comeback", "debut"})
# An event word glued to a launch cue makes the cue about the event
# ("la sortie de l'album", "the album will be released").
EVENT_AFTER_CUE = re.compile(
    r"^\s+(?:de|du|des|d'|of|for|on)\s+(?:(?:la|le|l'|les|sa|son|ses|his|her|its|the|a|an|un|une|leur|their)\s*)?"
    r"(?:\w+\s+)?" + EVENT.pattern)
# (an event's relative clause too: "his appeal, which is set for", "l'audience, qui est prévue")
EVENT_BEFORE_CUE = re.compile(EVENT.pattern + r"(?:\s+[\w']+){0,3}(?:\s*,\s*(?:which|qui))?(?:\s+[\w']+){0,4}\s+$")
# "take place", "avoir lieu" are launch verbs only with a launch noun as their subject ("le lancement aura
# lieu le 20 janvier"), not for "the event that took place that year" or "le procès a eu lieu".
HAPPENS = re.compile(r"(?:takes?|took|taken|taking)\s+place|(?:aura|avoir|a\s+eu|ont\s+eu|auront)\s+lieu")
LAUNCH_NOUN_SUBJECT = re.compile(
    r"(?<!\w)(?:lancement|launch|ouverture|opening|sortie|release|debut|arrivee|mise\s+en\s+ligne|retour|return|"
    r"relaunch|relancement|inauguration|premiere)(?:\s+[\w'.-]+){0,6}"
    # (an apposition may come between: "Le lancement de Megachat, repoussé une fois, aura lieu le 22 janvier")
    r"(?:\s*,[^,;:.]{1,80},)?\s+(?:(?:will|should|could|would|must|is\s+to|"
    r"doit|devrait|devait|pourrait|finally|enfin|bien|already|deja)\s+)*$")
# A person back in the news is no launch: "returned to the headlines", "revient sur le devant de la scène".
PERSON_RETURN_AFTER = re.compile(
    r"\s+(?:to|in|into|on|sur|dans|a|au|aux)\s+(?:the\s+|le\s+|la\s+|l'|les\s+)?"
    r"(?:news|headlines?|spotlight|limelight|public\s+eye|actualite|devant\s+de\s+la\s+scene|une|charge)(?!\w)")

# A mention followed by these is a modifier, not a subject: "Megaupload founder Kim Dotcom",
# "Megaupload's founder", "the Megaupload case", "Megaupload users".
NOT_SUBJECT_AFTER = re.compile(
    r"(?:'s)?\s*(?:founder|co-founder|cofounder|boss|chief|creator|mogul|tycoon|kingpin|owner|users?|servers?|"
    r"case|raid|trial|indictment|shutdown|takedown|extradition|lawyers?|attorneys?|executives?|employees?|staff|"
    r"defendants?|accounts?|data|files|saga|affair|empire|millionaire|entrepreneur|figurehead|competitors?|"
    r"rivals?|clones?|alternatives?|killers?|concurrents?|"
    # a look-alike named by its kind: "the MegaBox mall", "Megabox cinema"
    r"malls?|cinemas?|multiplex\w*|theat(?:er|re)s?)(?!\w)"
    # the speaker set off by commas: "MegaChat will launch in January, Mega said, ..."
    r"|\s+(?:said|says|told|tweeted|wrote|added|explained|confirmed|a\s+(?:dit|indique|precise|explique|confirme|"
    r"affirme|ajoute)|indique|precise|explique|affirme|ajoute)\s*(?:[,.;]|$)")

# A mention right after these is an object, not the subject of a claim
# ("le raid sur Megaupload", "le fondateur de Megaupload").
NOT_SUBJECT_BEFORE = re.compile(
    r"(?:(?<!\w)(?:raids?|fermeture|closure|shutdown|shut\s+down|saisie|seizure|takedown|chute|demise|affaire|"
    r"case|dossier|proces|trial|procedure|assaut|shutting\s+down|shut|closing|seizing|saisir|fermer|"
    r"enquete|investigation|poursuites|plainte|lawsuit|probe|actions?\s+en\s+justice|"
    r"involved\s+in|impliquee?s?\s+dans|replac\w*|remplac\w*|successor\s+to|successeur\s+de)(?:\s+[\w'.-]+){0,3}?"
    r"|(?<!\w)(?:fondateur|cofondateur|co-fondateur|createur|founder|co-founder|creator|patron|boss|successeur|"
    r"successor|heritier|heir|difference|contrairement|unlike|avocats?|lawyers?|ex|former|defunct|defunt|"
    # the agent of a launch is not what is launched: "un lancement par Mega", "offered by Mega"
    r"par|by|"
    # a company called so: "le groupe Mega"
    r"groupe|group|"
    r"ancien|feu|apres|avant|comme|depuis|after|before|since|like|than|plutot\s+que|instead\s+of|"
    # what is left out: "et sans Bitcache", "without Bitcache", "sauf Megachat"
    r"sans|without|sauf|except)(?:\s+(?:de|du|des|d'|of|on|sur|to|a|au|the|le|la|l'|contre|against)){0,2}"
    r")"
    r"\s*[-\s]?$")

# Between two mentions, an apposition to the first whose complement is the second: the second is
# not a subject ("Megachat, la messagerie de Mega, ouvre ...", "K.im, the new platform of Mega").
# A launch noun heads no apposition (", l'arrivée de Megabox" is a launch).
APPOSITION_OF = re.compile(
    r",\s*(?:la|le|l'|les|the|son|sa|ses|his|its|their|une?|a|an)\s*"
    r"(?!(?:arrivee|sortie|lancement|ouverture|retour|launch|release|arrival|return|opening)\b)"
    r"(?:[\w'-]+\s+){0,3}?(?:(?:de|du|des|of)\s+|d')(?:(?:la|le|l'|the)\s*)?$")

# What is launched, before the nearest mention (extractor._subject_for, in this order):
# a mention introduced as the name of the new thing ("un nouveau site baptisé Mega", "an app
# called MegaChat") ...
NAMED_BEFORE = re.compile(
    r"(?<!\w)(?:baptisee?s?|nommee?s?|appelee?s?|intitulee?s?|denommee?s?|surnommee?s?|called|named|dubbed|"
    r"christened|branded)\s*[\"'«»“”]?\s*$")
# ... then the theme of the date's launch cue: the mention right after it, past determiners and at
# most four other words, none of them a preposition or a verb that would start another phrase
# ("lance Megachat", "the launch of mega.co.nz", "launched its new app MegaChat"; not "sera lancé
# en janvier avec Bitcache").
THEME_GAP = re.compile(
    r"(?:\s*(?:(?:de|du|d'|of|le|la|les|l'|son|sa|ses|leur|its|his|their|her|the|a|an|un|une)(?![\w'])"
    r"|(?!(?:avec|with|et|and|en|in|on|at|pour|for|par|by|que|qu|that|apres|after|avant|before|sur|to|au|aux|"
    r"from|des|since|depuis|ce|cette|this|ou|or|dans|into|mais|but|qui|which|who|was|is|est|sera|will|were|"
    r"are|sont|ont|a|has|had|avait|lors|during|pendant|alongside|than|que)(?![\w']))[a-z][\w-]*)){0,5}"
    r"\s*[\"'«»“”]?\s*")

# "after Bitcache goes live", "avant que Mega ouvre": a time conjunction, its clause's subject.
CONJUNCTION_BEFORE = re.compile(r"(?:apres|avant|depuis|after|before|since|once|when|quand|lorsqu)\W*(?:que\s+|qu')?$")
VERB_AFTER_SUBJECT = re.compile(
    r"\s+(?:will|shall|goes|went|go\s+live|launch(?:es|ed)?|opens|opened|arrives|arrived|ouvr\w+|sera|seront|"
    r"arrive\w*|(?:est|sera|a\s+ete)\s+(?:lance|ouvert|disponible|en\s+ligne)\w*)(?!\w)")

# "pas avant", "not before" ... (a deadline word turned into an open start)
NEGATION_BEFORE = re.compile(
    r"(?:(?<![\w'])(?:pas|not|never|jamais|won't|no|n'\w+\s+plus|no\s+longer)|n't)(?![\w])(?:[^.;]|\.(?=\w)){0,30}$")
# One launch tied to another's: "Bitcache goes live at the launch of Megaupload 2.0 in January".
LAUNCH_LINK = re.compile(
    r"\s+(?:[\w'-]+\s+){0,3}(?:at|with|alongside|lors|avec|en\s+meme\s+temps\s+que)\s+(?:the\s+|le\s+|du\s+)?"
    r"(?:launch|lancement|release|sortie|debut|ouverture|opening)\s+(?:of\s+|de\s+|du\s+|d')(?:the\s+|la\s+|l')?")
# Services joined in one subject: "Megaupload 2.0 et Bitcache arriveront le mois prochain".
# "X et Y", and "X and a new music site called Y", "X et un nouveau service de paiement, Y": a
# determiner and a few words (no time word: "and a year later Y"; no preposition) before the second
# name, after a conjunction word only (", the firm's later product next to Y" is an apposition).
CONJUNCTION = re.compile(
    r"\s*(?:,|et|and|&|ainsi\s+que|as\s+well\s+as|,\s*et|,\s*and)\s*(?:de\s+|d'|du\s+|of\s+)?"
    r"(?:(?<=[a-z&]\s)(?:a|an|the|un|une|le|la|les|son|sa|ses|his|its|their|leur|ce|cette|this)\s+"
    r"(?:(?!(?:later|then|after|apres|puis|plus|ensuite|following|before|avant|than|like|unlike|with|avec|years?|months?|weeks?|days?|ans?|annees?|mois|"
    r"semaines?|jours?|tard|tot)(?![\w'-]))[\w'-]+(?:\s+|(?=,))){0,4}?"
    r"(?:,\s*|(?:called|named|dubbed|baptisee?|appelee?|nommee?)\s+)?)?")
# ... and across an apposition to the first: "Megaupload 2.0, son nouveau site, et Bitcache", "Megachat,
# la messagerie chiffrée, et MegaNet", "Mega, the cloud locker, and Megachat" (a noun phrase of up to
# six words set off by commas, opening on a determiner).
CONJUNCTION_AFTER_APPOSITION = re.compile(
    r"\s*,\s*(?:son|sa|ses|his|its|their|leur|the|le|la|les|l'|un|une|a|an)\s*(?:[\w'.-]+\s+){0,5}?[\w'.-]+\s*,\s*"
    r"(?:et|and|ainsi\s+que|as\s+well\s+as)\s+(?:(?:son|sa|ses|his|its|their|leur|the|le|la|l')\s*(?:[\w'-]+\s+){0,3}?)?")
OPEN_BEFORE = re.compile(
    r"(?:(?<![\w'])no\s+earlier\s+than|au\s+plus\s+tot|at\s+the\s+earliest|(?<![\w'])pas\s+avant|"
    r"(?<![\w'])not\s+(?:before|until)|(?<![\w'])pas\s+plus\s+tot\s+qu)\s*(?:(?:en|in|le|l'|la|the|a)\s*)?$")
OPEN_AFTER = re.compile(r"^\s*,?\s*(?:au\s+plus\s+tot|at\s+the\s+earliest|at\s+earliest|au\s+mieux|at\s+best)")
OPEN_PRE_WORDS = ("avant", "before", "until", "jusqu'a", "jusqu'en")
# "won't launch before late 2015": a period right after avant/before/until.
BEFORE_WORD_END = re.compile(r"(?<!\w)(?:avant|before|until|jusqu'a|jusqu'en)\s+(?:(?:la|le|l'|the)\s*)?$")
# Where a clause starts, for statement dates and other-event subjects.
# (written to start with the class of its first characters, so that the engine skips the others in C: the
# same matches as r"[;:()]|,\s*(?:alors\s+qu|mais|tandis\s+qu|while|whereas|but)|\s(?:but|mais)\s")
CLAUSE_BREAK = re.compile(r"[;:(),\s](?:(?<=[;:()])|(?<=,)\s*(?:alors\s+qu|mais|tandis\s+qu|while|whereas|but)|"
                          r"(?<=\s)(?:but|mais)\s)")
CLAUSE_START = re.compile(r"[,;:()]")

# A date between a speech verb and the launch it tells of dates the saying, whatever the verb's tense:
# "annonce aujourd'hui le lancement de Megabox pour le 20 janvier", "vient de promettre le 10 juillet un
# nouveau Megaupload", "announces today the launch of".
SAYING_OBJECT_AFTER = re.compile(
    r"\s*,?\s*(?:(?:le|la|les|l'|un|une|des|son|sa|ses|leur|du|de|d'|the|a|an|its|his|their)\s*)+(?:[\w-]+\s+){0,2}?"
    r"(?:lancement|sortie|ouverture|arrivee|retour|mise\s+en\s+ligne|nouveau|nouvelle|nouvel|relancement|renaissance|"
    r"launch|release|opening|return|relaunch|new)(?!\w)")
# Statement dates: the speaker's verb in a past form ...
# The word that opens what a speech verb reports: "said on Monday that ...", "a annoncé mercredi que ...".
COMPLEMENTIZER = re.compile(r"(?<![\w'])(?:that|que|qu')")
PAST_SPEECH_ENDINGS = ("é", "ée", "és", "ées", "ait", "aient", "ed", "said", "told", "wrote", "dit", "écrit", "promis")
# (and the recent past of "vient d'annoncer mardi le lancement de ...": the day it was said)
PAST_AUXILIARY_BEFORE = re.compile(r"(?<!\w)(?:(?:a|avait|ont|avaient|had|has|have|a\s+encore|avait\s+deja)(?:\s+\S+){0,4}\s*"
                                   r"|vien(?:t|nent)\s+(?:[a-z]+\s+){0,2}?(?:de\s+|d'))$")
# ... and never a date introduced as a target.
TARGET_START = re.compile(r"(?:pour|for|d'ici|dici|by|avant|before|until|jusqu|au\s+plus\s+tard|no\s+later)\b")

# A sentence naming no service but pointing back at one: "Le service doit ouvrir en janvier",
# "Le lancement reste fixé au 19 janvier", "The site will go live on ...", "It will launch ...".
ANAPHOR = re.compile(
    r"(?<![\w'])(?<!\ba\s)(?<!\ban\s)"  # ("a new website" is a new thing, no anaphor)
    r"(?:le|la|ce|cette|the|this|its|son|sa|notre|our|nouveau|nouvelle|new)\s+"
    r"(?:nouveau\s+|nouvelle\s+|new\s+)?"
    # what kind of service, in English before the noun: "the file sharing site", "the micropayment platform"
    r"(?:(?:file|file-sharing|sharing|storage|cloud|cloud-storage|music|music-streaming|streaming|chat|video|"
    r"encrypted|download|privacy|payment|micropayment|messaging)\s+){0,3}"
    r"(?:service|site|website|plateforme|platform|projet|project|reseau|network|application|app|hebergeur|"
    r"outil|tool|successeur|successor)(?![\w-])"
    # "le site de la police" is another's; "le nouveau site de téléchargement" is still the service
    r"(?!\s+(?:de|du|des|d'|of)(?!\w)(?!\s*(?:telechargement|stockage|partage|musique|streaming|hebergement|"
    r"file|music|storage|cloud)))"
    r"|(?<![\w'])it\s+(?:went\s+live|goes\s+live|will\s+go\s+live|launched|launches|will\s+launch|opened|"
    r"opens|will\s+open)(?![\w'])"
    r"|^\W*(?:l'ouverture|la\s+sortie|la\s+mise\s+en\s+ligne|the\s+release|the\s+opening|it)"
    r"(?![\w'])(?!\s+(?:de|du|des|d'|of)(?!\w))"
    # anywhere: "it was hoped that the launch would come in Q4"
    r"|(?<![\w'])(?:le\s+lancement|the\s+launch|its\s+launch|son\s+lancement|sa\s+sortie)"
    r"(?![\w'])(?!\s+(?:de|du|des|d'|of|event|party|parties)(?!\w))"
    # a sentence opening on an indefinite launch noun: "Une sortie est programmée pour l'été", "A public
    # release by ... is expected in March" (not "un lancement de Tidal", another's)
    r"|^\W*(?:un|une|a|an)\s+(?:(?:public|official|full|first|beta|premier|premiere|vrai|veritable)\s+)?"
    r"(?:lancement|sortie|mise\s+en\s+ligne|ouverture|launch|release|opening|debut|beta|(?:public|open)\s+beta)"
    r"(?:\s+(?:public|publique|officiel|officielle|grand\s+public|complet|complete|ouverte))?"
    r"(?![\w'-])(?!\s+(?:de|du|des|d'|of|event|party|parties|au\s+cinema|en\s+salles?)(?!\w))")

# A pronoun subject of a future form, at a clause start or after "said that": "Il sera disponible en
# janvier", "Dotcom said it would be available in January", "selon lui, elle sortira en 2015". It
# points back at the text's service only when the sentence before names no event ("Le procès ... Il
# devrait avoir lieu le 16 février" is the trial's): the extractor checks.
PRONOUN_ANAPHOR = re.compile(
    r"(?:^|[,:;]|(?<![\w'])(?:que|that|said|says|lui))\s*(?:qu')?(?:il|elle|it)\s+"
    r"(?:sera|serait|devrait|doit|va|pourrait|will|would|should|could|'ll|is\s+(?:set|due|expected|scheduled|slated|going)|"
    r"was\s+(?:set|due|expected|scheduled|slated|going)|\w+(?:era|ira|ra))(?![\w'])"
    r"|(?<![\w'])qu'(?:il|elle)\s+(?:sera|serait|devrait|doit|va|pourrait|\w+(?:era|ira|ra|rait))(?![\w'])")

# Between a speech verb and the date it names: "évoque pourtant le 19 janvier", "mentioned April 15".
SPEECH_OBJECT_GAP = re.compile(
    r"\s*(?:(?:pourtant|cependant|aussi|plutot|desormais|maintenant|meme|deja|instead|also|now|rather|even|"
    r"la\s+date\s+du|the\s+date\s+of|le\s+mois\s+de|the\s+month\s+of|une\s+sortie|un\s+lancement|a\s+launch)"
    r"\s*,?\s*)*")

# --- Narrative prose ------------------------------------------------------

# A date opening its sentence or clause as a time adverbial, followed by a comma:
# "Début décembre 2011, X fait ...", "En juillet 2016, X annonce ...", "Le 7 octobre, X publie ...".
# Unless the clause's own verb is a launch verb ("Le 20 janvier 2013, Mega ouvre ses portes"),
# such a date is when something happened or was said (a statement date), not a launch window.
# A timeline entry is a frame too: "- janvier 2013 : X lance ...", "2005: X creates ...".
FRAME_BEFORE = re.compile(
    r"(?:^|[;:]|\bpuis\b|\bthen\b)\s*(?:[-\u2013\u2014\u2022*]\s*)?(?:[\"'«»]\s*)?(?:(?:et|and|puis|then|mais|but)\s*,?\s*)?$")
FRAME_AFTER = re.compile(r"\s*(?:dernier|derniere|last|deja|already)?\s*[,:]")
# The words between the comma and a launch cue, when that cue is the clause's main verb:
# no complementizer ("annonce que ...") and no infinitive ("au moment de promettre le retour").
FRAME_SUBJECT = re.compile(
    r"^\s*(?:(?!(?:que|qu'|that|which|qui|dont|pour|afin|to|selon|according|while|when|as|pendant|lorsqu\w*|quand|alors)\b|(?:de|d'|a)\s*\w+(?:er|ir|re|oir)\b)"
    r"[\w'.«»\"-]+,?\s+){0,30}$")

# Things that are not the service: their release is not the service's launch
# ("La vidéo est mise en ligne le 9 décembre", "la page d'investissement de X ouvre",
# "Kim Dotcom ouvre une page de présentation", "La démo de Bitcache est mise en ligne").
THING = (r"(?:videos?|clips?|teasers?|bandes?-annonces?|bandes?\s+annonces?|trailers?|pages?|demos?|"
         r"captures?\s+d'ecran|screenshots?|logos?|affiches?|posters?|chansons?|songs?|morceaux|"
         r"sondages?|polls?|livres?\s+blancs?|white\s*papers?|levees?\s+de\s+fonds|"
         r"appels?\s+de\s+fonds|investissements?|souscriptions?|prospectus|"
         # an announcement, a statement or a test is not the service: "had planned a big announcement
         # for January 19", "un test grandeur nature a eu lieu en septembre"
         r"(?<=l')annonces?|(?<=une\s)annonce|announcements?|communiques?|statements?|tests?|essais?|appels?|"
         r"calls?\s+for|"
         # what a service launches is not the service: a platform's app, an extension, its source code, an
         # office, a listing, a book or a film about it, a political party
         r"(?:mobile\s+|ios\s+|iphone\s+|android\s+|ipad\s+)apps?|apps?\s+(?:for|pour)\s+(?:ios|iphone|android|ipad)|"
         r"applications?\s+(?:mobiles?|(?:pour|for)\s+(?:ios|iphone|android|ipad|smartphones?))|"
         r"extensions?|plug-?ins?|add-?ons?|code\s+source|source\s+code|bureaux?|offices?|ipo|"
         r"introduction\s+en\s+bourse|livres?|books?|documentaires?|documentar(?:y|ies)|films?|movies?|"
         r"partis?(?:\s+politiques?)?|political\s+part(?:y|ies)|internet\s+party|"
         # its machines and its other versions: "le nouveau data center de Mega sera opérationnel en mars",
         # "une version mobile en mars"
         r"data\s*-?\s*cent(?:er|re)s?|centres?\s+de\s+donnees|serveurs?|servers?|"
         r"versions?\s+(?:mobiles?|(?:pour|for)\s+(?:ios|iphone|android|ipad|smartphones?|mobiles?))|mobile\s+versions?)")
# The thing, then up to ten words without punctuation or a new clause, then the cue.
THING_WORD = re.compile(r"(?<!\w)" + THING + r"(?!\w)")
THING_STRETCH = re.compile(r"[\w'.\s-]{0,80}")
THING_STRETCH_STOP = re.compile(r"(?<!\w)(?:que|qu'|qui|that|which|who|selon|according|mais|but)(?!\w)")
THING_AFTER_CUE = re.compile(
    r"\s+(?:(?:une?|la|le|les|l'|sa|son|ses|leur|leurs|des|a|an|the|its|his|their|new|nouvelles?|nouveaux?|"
    r"premieres?|premiers?|first|short|courte?s?)\s*)+(?:[\w-]+\s+)?" + THING + r"(?!\w)")
# Plans are no launch when they are what is unveiled: "a dévoilé son projet mercredi", "unveiled its
# plans on Monday" (before the verb they stay its subject's plans: "revealed plans to relaunch").
PLAN_AFTER_CUE = re.compile(  # (a time word may come between: "a dévoilé hier son projet", "unveiled last week plans")
    r"(?:\s+(?:hier|aujourd'hui|ce\s+matin|cette\s+semaine|la\s+semaine\s+derniere|yesterday|today|"
    r"last\s+week|this\s+week|on\s+\w+day|(?:lun|mar|mercre|jeu|vendre|same|diman)di))?"
    r"\s+(?:(?:une?|la|le|les|l'|sa|son|ses|leur|leurs|des|a|an|the|its|his|their|new|nouvelles?|nouveaux?)\s*)+"
    r"(?:[\w-]+\s+)?(?:projets?|projects?|plans?|intentions?|ambitions?|feuille\s+de\s+route|road\s*map|strateg\w+|"
    r"vision)(?!\w)")
# Work on a service is not its launch: "le projet lancé dès 2011", "Le développement de Bitcache a été
# lancé en mars", "Le chantier de MegaNet a démarré en 2015", "Megabox, projet lancé en 2011, ...".
# The noun, then its complement or name (up to three words, no conjunction or relative), then the cue.
# "projet" only before a done launch ("le projet sera lancé en janvier" is the service's launch).
PROJECT_BEFORE_CUE = re.compile(
    r"(?<!\w)(?:(?P<project>projets?)|chantiers?|developpements?|travaux|conception|elaboration|programmation|codage)"
    r"(?:\s+(?!(?:et|ou|mais|qui|que|qu|dont|puis|donc|car|alors|avec|pour|apres|avant|and|or|but|which|that)(?![\w']))"
    r"[\w.'-]+){0,3}\s*,?\s*(?:(?:qui|a|avait|ont|avaient|est|etait|sont|a\s+ete|avait\s+ete|fut|sera|seront|va|doit)\s+)*"
    r"(?:(?:enfin|officiellement|deja|discretement|finalement|ete|etre)\s+)*$")
# Inside the THING .. cue stretch, a service after these is a complement ("la page de Bitcache").
COMPLEMENT_BEFORE = re.compile(r"(?:(?<!\w)(?:de|du|des|of|for|et|and|pour|about|sur|concernant|on)\s+|d')$")

# A participle that dates a decision or an announcement: "l'objectif, fixé en janvier",
# "annoncé le 8 juillet", "set in January". The date after it is a statement date.
STATED_PARTICIPLE_BEFORE = re.compile(
    r"(?<!\w)(?:fixee?s?|decidee?s?|annoncee?s?|promise?s?|evoquee?s?|publiee?s?|set|announced|promised|decided|"
    r"published|posted|delayed|postponed)\s*$")  # ("Baboom, delayed in August, will open in January": when it was put off)
STATED_PARTICIPLE_HIT = re.compile(r"(?:en|le|l'|au|in|on|back\s+in)\b")

# Launch nouns that carry no tense: they do not make a sentence with a past launch verb planned
# ("Megachat a ouvert en bêta publique le 22 janvier").
NEUTRAL_CUE = re.compile(r"(?:beta|lancement|sortie|ouverture|arrivee|retour|deploi\w*|en\s+ligne|online|"
                         r"rendez-vous|date\s+de\s+(?:sortie|lancement)|debut\w*)")
# Tense of a sentence, for dates without a year when no launch verb gives it: "hier, samedi 19
# janvier, jour du lancement" and "The launch date of January 19th marked ..." are past.
PAST_MARK = re.compile(
    r"(?<![\w'])(?:was|were|had|did|went|came|took|began|marked|celebrated|held|showed|enjoyed|attracted|"
    r"saw|drew|brought|got|gave|made|found|left|met|sold|spent|won|grew|rose|fell|became|kept|[a-z]{3,}ed|"
    r"hier|yesterday|dernier|derniere|last|ago|il\s+y\s+a|etait|etaient|avait|avaient|fut|furent|"
    # (not "à" before an infinitive in -re: "à faire monter le buzz", "à mettre en ligne" tell no past)
    r"(?:a|ont|est|sont)\s+(?:\w+\s+)?(?:ete\s+)?(?!(?:faire|etre|mettre|prendre|dire|lire|ecrire|vivre|rendre|attendre|"
    r"vendre|suivre|reprendre|permettre|promettre|remettre|connaitre|paraitre|apparaitre|naitre|renaitre|croire|"
    r"produire|construire|reduire|conduire|introduire|battre|combattre|defendre|descendre|repondre|resoudre|"
    r"perdre|entendre|etendre|detendre|peindre|atteindre|rejoindre|craindre|plaire|taire|traire|boire|"
    r"conclure|inclure|exclure)(?![\w']))\w+(?:e|ee|es|ees|i|is|u|us|it|ert|ort))(?![\w'])")
FUTURE_MARK = re.compile(
    r"(?<![\w'])(?:will|would|'ll|shall|going\s+to|set\s+to|due|expected|scheduled|slated|upcoming|next|"
    r"coming|soon|plans?|planned|intends?|aims?|hopes?|wants?|wishes|envisage|entend|souhaite|projets?\s+de|projette|projettent|prevoit|prevoient|espere|va|vont|doit|doivent|devrait|devraient|prochaine?s?|prevue?s?|bientot|"
    r"attendue?s?|\w+(?:era|eront|ira|iront|rai|ra|ront|dra|dront|rait|raient)|"
    # intends to: "compte ouvrir Mega en février" (not "un compte Mega")
    r"compte(?:nt)?\s+(?:bien\s+|toujours\s+|desormais\s+)?(?:lancer|relancer|ouvrir|sortir|mettre|devoiler|revenir|proposer))(?![\w'])")
# A date introduced as a target keeps the future reading: "avait annoncé Megabox pour octobre",
# "repoussé à l'automne", "fixé au 20 janvier".
_TARGET_WORDS = r"pour|for|to|until|au|a|by|d'ici|dici"
TARGET_HIT = re.compile(rf"(?:{_TARGET_WORDS}|jusqu)(?![\w])")
# A date that was chosen is a target too: "Kim Dotcom a choisi le 20 janvier", "he picked January 20".
TARGET_BEFORE = re.compile(rf"(?<![\w'])(?:{_TARGET_WORDS}|jusqu'au|jusqu'a|jusqu'en|choisie?s?|chosen|chose|picked|"
                           rf"selected|retenue?s?)\s*(?:l'|le|la|the)?\s*$")

# English "launch" as a noun is tenseless too: "At the January 20, 2013 launch of Mega".
NEUTRAL_NOUN_EN = re.compile(r"launch(?:ing)?|debut(?:ing)?|release|releasing|opening|unveiling")
# A French gerund is as tenseless: "C'est en 2005 qu'il s'est fait un nom en créant Megaupload".
GERUND_FR = re.compile(r"en\s+(?:re)?(?:lancant|creant|fondant|ouvrant|inaugurant|mettant\s+en\s+ligne)")
# Words that keep a past-dated launch noun a promise: "la promesse d'un lancement en 2011".
PROMISE_WORD = re.compile(
    r"(?<!\w)(?:promesses?|promise[sd]?|promis\w*|prevue?s?|expected|planned|scheduled|slated|attendue?s?|"
    r"objectifs?|target\w*|goals?|devai\w+|aurai\w+|should|would|will|sera|seront|doit|doivent|devrait|"
    r"due|set\s+to|censee?s?|supposed|annonc\w*|announc\w*|pas|not|jamais|never|"
    # a launch that did not happen: "le lancement raté du 20 janvier", "the launch fell through"
    r"fail\w*|flop\w*|custard|collaps\w*|fell\s+through|abandon\w*|cancel\w*|delay\w*|postpon\w*|"
    r"echou\w*|echec|ratee?s?|manquee?s?|annul\w*|retard\w*|report\w*|"
    # talk about a launch is no launch: "évoque le lancement depuis 2013", "has talked about the launch"
    r"evoqu\w*|parl\w*|mention\w*|talk\w*|discuss\w*|teas\w*|hint\w*|rumou?r\w*|"
    # a launch that only may happen: "it is unlikely that we can make a full January 20 launch happen"
    r"unlikely|improbable|peu\s+probable|can|cannot|could|might|pourrait|pourra|puisse)(?!\w)")

# What a promise verb promises when it is not the service: "promet des annonces pour 2012",
# "des détails promis pour janvier", "promised screenshots for February".
PROMISED_THING = (r"(?:annonces?|details|informations?|infos?|precisions|nouvelles|news|announcements?|"
                  r"updates?|captures?\s+d'ecran|screenshots?|images?|videos?|demos?|apercus?|previews?|"
                  r"photos?|documents?|revelations?|surprises?)")
PROMISED_THING_AFTER = re.compile(
    r"\s+[\"']?(?:(?:une?|la|le|les|l'|des|de|d'|sa|son|ses|plusieurs|quelques|nouvelles?|nouveaux?|premieres?|"
    r"seulement|encore|more|some|several|new|a|an|the|first|further|his|its)\s*[\"']?)*" + PROMISED_THING + r"(?!\w)")
# A promise verb whose object is a count is a figure announced, not a launch: "Mega annonce aujourd'hui un
# million d'inscrits", "en annonçant 3 millions d'utilisateurs", "announced 250,000 sign-ups on Monday".
PROMISED_COUNT_AFTER = re.compile(
    r"\s+(?:(?:aujourd'hui|hier|ce\s+matin|deja|fierement|plus\s+de|pres\s+de|environ|quelque|today|"
    r"yesterday|already|proudly|over|more\s+than|nearly|almost|some|about)\s+)*"
    r"(?:\d[\d\s.,]*|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|cent|mille|one|two|three|four|five|ten|a)\s*"
    r"(?:(?:millions?|milliers?|milliards?|thousands?|billions?|k|m)\s+)?(?:de\s+|d'|of\s+)?"
    r"(?:(?:nouveaux|nouvelles|premiers|new|first)\s+)?(?:inscrits|utilisateurs|abonnes|membres|comptes|fichiers|"
    r"telechargements|visiteurs|inscriptions|clients|users|members|subscribers|accounts|files|downloads|"
    r"visitors|sign-?ups|registrations|customers)(?!\w)")
PROMISED_THING_BEFORE = re.compile(r"(?<!\w)" + PROMISED_THING + r"\s+$")
# Promise nouns are not promise verbs: "plusieurs annonces", "l'annonce", "the announcement".
PROMISE_NOUN = re.compile(r"annonces|annonceurs?|announcements?|announcers?|promesses?")
PROMISE_NOUN_BEFORE = re.compile(r"(?:(?<!\w)(?:l'|une|cette|son|sa|leur|d'une|de\s+l'|the|an|this|his|its)\s*)$")
# A launch verb in the narrative present, as the verb of a past frame date:
# "Le 20 janvier 2014, Baboom lance une version d'aperçu" (a launch, told in the present).
PRESENT_LAUNCH = re.compile(
    r"(?:lance|lancent|ouvre|ouvrent|sort|sortent|debarque|debarquent|demarre|demarrent|arrive|arrivent|"
    r"inaugure|inaugurent|revient|reviennent|(?:met|mettent)\s+en\s+ligne|launches|opens|debuts|arrives|returns|"
    r"goes\s+live|goes\s+online|rolls\s+out)")
# An event named as the anniversary a launch is set on is no other event's date: "on the anniversary
# of the raid, January 20", "pour l'anniversaire du raid, le 20 janvier", "in January on the
# anniversary of his arrest". (A date right after the event word, "the raid of January 20, 2012",
# stays the event's: the extractor checks.)
ANNIVERSARY_OF = re.compile(
    r"anniversa(?:ry|ire)\s+(?:of\s+|du\s+|de\s+la\s+|de\s+l'|de\s+|des\s+|d')?"
    r"(?:(?:the|his|her|its|their|sa|son|ses|leur|la|le|l')\s*)?(?:[\w-]+\s+){0,2}$")
# A participle opening the sentence describes the noun after its comma: "Ouverte le 3 octobre,
# cette campagne ...", "Launched on October 3, the fundraising page ...". When that noun is an
# event or a thing, the participle is no launch of a service.
OPENING_HEAD = re.compile(
    r",\s*(?:(?:la|le|les|l'|cette|ce|cet|ces|the|this|these|its|his|their|son|sa|ses|leur|une?|a|an)\s*)"
    r"(?:[\w-]+\s+)?(?:" + EVENT.pattern + r"|(?<!\w)" + THING + r"(?!\w))")
# A promise verb whose clause says someone will publish, give or show a thing: "en annonçant qu'il
# publierait cette semaine un communiqué", "said he would post a statement this week".
PROMISED_CLAUSE_THING_AFTER = re.compile(
    # "promet d'en révéler davantage le 20 janvier", "promised to reveal more on January 20"
    r"\s+(?:de\s+|d'|to\s+)?(?:en\s+|y\s+)?(?:reveler|dire|devoiler|montrer|annoncer|reveal|say|share|tell|show|disclose)\s+"
    r"(?:us\s+|them\s+)?(?:davantage|plus|more|further)(?!\w)|"
    r"[\w\s,']{0,30}?(?<!\w)(?:publi\w*|donn\w*|present\w*|diffus\w*|partag\w*|fourni\w*|publish\w*|"
    r"post|posts|posting|give|gives|giving|provide\w*|share|shares|sharing|issue|issues|make|makes)"
    r"\s+(?:[\w']+\s+){0,3}?(?:(?:une?|des|la|le|les|l'|a|an|the|more|some|his|its|sa|son|ses)\s*)"
    r"(?:[\w-]+\s+)?(?:" + THING + r"|" + PROMISED_THING + r")(?!\w)")
# A count before "in a day", "en une semaine": a rate, not a countdown ("adds one million users in a
# day", "500 000 inscrits en une journée").
RATE_BEFORE = re.compile(
    r"(?:\d|million\w*|milliers?|thousands?|hundreds?|centaines?)\s*(?:de\s+|d'|of\s+)?(?:new\s+|nouveaux\s+)?"
    r"(?:users|utilisateurs|inscrits|members|membres|downloads|telechargements|sign-?ups|registrations|"
    r"inscriptions|accounts|comptes|files|fichiers|visitors|visiteurs|people|personnes)\s*$")
# A period counted from the launch itself is no window from publication: "within two weeks of its launch",
# "dans les 24 heures suivant son lancement" (what happened after it, not when it is due).
AFTER_LAUNCH_AFTER = re.compile(
    r"\s*(?:of|after|following|since|suivant|apres|qui\s+ont\s+suivi)\s+(?:its|the|his|their|son|sa|le|la|l')\s*"
    r"(?:(?:public|official|beta|officiel)\s+)?(?:launch|debut|opening|release|lancement|sortie|ouverture|mise\s+en\s+ligne)(?!\w)")
# Work that started is no launch: "Work on Megachat started in June", "Talks about Baboom's funding began in
# May", "les travaux sur Bitcache ont commencé en mars" (the subject of the started/began verb).
WORK_SUBJECT_BEFORE = re.compile(
    r"(?:^|[,;:(]\s*)\W*(?:the\s+|les\s+|le\s+|la\s+)?(?:work|talks|plans|development|discussions|negotiations|"
    r"construction|testing|tests|travaux|travail|negociations|developpement)\s+(?:on|about|for|of|over|sur|de|du|des|autour)"
    r"(?!\w)[^,;:.]*$")
# A launch in an if-clause is a hypothesis: "If Baboom launches before the end of the year, it will ...", "Si
# Megabox sort en mars, ..." (not "even if", "même si": those grant it).
IF_CLAUSE_BEFORE = re.compile(r"(?:^|[\s,;:(\"'])(?<!even\s)(?<!meme\s)(?:if|si|s'il|s'ils|s'elle|unless|sauf\s+si)\s[^,;:.?!]*$")
# A deadline word before a period that its handler reads as a plain window: "d'ici la fin du premier
# trimestre", "by the end of the first quarter", "by next year", "d'ici l'an prochain" (publication ..
# the period's end, the spec's deadline rule); "avant l'an prochain" (.. the day before it starts).
DEADLINE_BEFORE = re.compile(
    r"(?<![\w'])(?:(?:d'ici(?:\s+a)?|dici|by|no\s+later\s+than|au\s+plus\s+tard|jusqu'a|pour(?=\s+la\s+fin))"
    r"|(?P<before>avant|before))\s+"
    r"(?P<end>(?:la|the)\s+fin\s+(?:de\s+l'|du|de\s+la|de|d')|(?:the\s+)?end\s+of(?:\s+the)?)?\s*$")
# A participle that opens a clause set off by commas: after an event noun ("L'audience, prévue en août,")
# it dates the event.
EVENT_PARTICIPLE = re.compile(
    r"\s*(?:(?:initialement|desormais|d'abord|finalement|au\s+depart|now|originally|initially|first|finally)\s+)?(?:prevue?s?|programmee?s?|fixee?s?|attendue?s?|"
    r"reportee?s?|repoussee?s?|set|scheduled|expected|due|slated|planned|postponed|delayed|pushed\s+back)(?!\w)")
# What may open a sentence before its subject when that subject is an event: "Son audience", "The
# extradition hearing", "L'audience d'extradition".
EVENT_HEAD_BEFORE = re.compile(r"\W*(?:(?:la|le|les|l'|son|sa|ses|leur|the|his|its|their|a|an|une?|new|nouvelle|nouveau)\s*)*"
                               r"(?:[\w-]+\s+)?")
# The new date of a delay: "est repoussé à mars", "postponed to March", "pushed back until 2018".
DELAY_HIT = re.compile(r"(?:repouss|report|decal|postpon|delay|pushed|moved)")
DELAY_BEFORE = re.compile(r"(?<!\w)(?:repouss\w*|reporte\w*|decale\w*|postpon\w*|delay\w*|pushed(?:\s+back)?|moved)"
                          r"\s+(?:(?:a|au|to|until|jusqu'en|jusqu'au|en|in|into|back)\s+)*(?:l'|le|la|the)?\s*$")
# A future told in the past: "had said Mega would launch", "devait ouvrir", "avait promis".
REPORTED_FUTURE = re.compile(
    r"(?<![\w'])(?:would|had\s+(?:said|promised|announced|planned|hoped|expected)|was\s+(?:to|going\s+to|supposed\s+to|"
    r"set\s+to|due\s+to)|devai(?:t|ent)|allai(?:t|ent)|avai(?:t|ent)\s+(?:dit|promis|annonce|prevu))(?![\w'])")
# A day that names a launch, with no verb to put it ahead: "its January 20 launch date", "the January 20
# big launch", "le lancement du 20 janvier" (published a few days later: that day just past).
LAUNCH_NOUN_AFTER_DAY = re.compile(r"(?:st|nd|rd|th)?\s+(?:(?:big|full|grand|official|planned|public|scheduled)\s+)*"
                                   r"(?:launch|relaunch|release|debut|opening|go-live)(?!\w)")
LAUNCH_NOUN_BEFORE_DAY = re.compile(r"(?<!\w)(?:(?:lancement|sortie|ouverture|retour|mise\s+en\s+ligne)\s+(?:du|de\s+ce)|lancement|"
                                    r"(?:launch|release|opening)\s+of)\s*$")  # (not the verb: "will launch on")
# A day handler's match may hold its deadline word: "by January 20".
DEADLINE_HIT = re.compile(r"(?:by|no\s+later\s+than)(?P<before>(?!))?(?P<end>(?!))?\s")  # (no before/end part)
# Cheap per-sentence gates for the two tables above.
# The words a THING can start with (with their plurals): sentences holding none skip the thing checks
# (a word-set test instead of a search of the whole alternation: it was the dearest regex of a sentence).
THING_FIRST_WORDS = frozenset("""
    video videos clip clips teaser teasers bande bandes trailer trailers page pages demo demos capture captures
    screenshot screenshots logo logos affiche affiches poster posters chanson chansons song songs morceaux
    sondage sondages poll polls livre livres white whitepaper whitepapers levee levees levée appel appels
    investissement investissements souscription souscriptions prospectus annonce annonces announcement
    announcements communique communiques statement statements test tests essai essais call calls mobile ios
    iphone android ipad app apps application applications extension extensions plug plugin plugins add addon
    addons code source bureau bureaux office offices ipo introduction book books documentaire documentaires
    documentary documentaries film films movie movies parti partis political internet data datacenter datacentre
    datacenters datacentres centre centres serveur serveurs server servers version versions""".split())

# --- example rows ----------------------------------------------------------
# Each table with phrases (folded, as the extractor sees them) it must find and must not find;
# tests/test_claims.py runs them, so a word added to a table comes with its row here.
EXAMPLES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "LAUNCH": (("sera lance", "en creant", "en fondant", "en lancant", "doit faire son apparition", "sera pleinement fonctionnel", "devrait etre actif",
                "sera en service", "sera propose au public", "fera ses premiers pas", "mis a disposition", "va ressusciter", "sa renaissance", "a comeback",
                "censee emerger", "to get off the ground", "goes live", "plans to relaunch", "sera pret",
                "will start taking sign-ups", "should be fully operational", "will go into operation", "is readying"),
               ("une open source", "le projet avance", "un appel", "est actif", "ses fonctionnalites")),
    "LAUNCHED": (("a ete lance", "il lancait mega", "mega naissait", "attempted to launch", "relaunched",
                  "began accepting registrations",
                  "avait tente un retour", "a devoile ce matin", "unveiled the site", "went live",
                  "went into operation", "has been up and running", "operational since"),
                 ("sera lance", "will launch", "plans to unveil")),
    "EVENT": (("le raid", "was raided", "the hearing", "destroyed", "in a decision", "la vente des tokens",
               "listing on the stock exchange", "une soiree au manoir", "l'enquete", "the investigation",
               "une action en justice", "la soiree de lancement"),
              ("le lancement", "the launch", "la levee de fonds", "dans la soiree du 19", "en soiree",
               "la soiree de samedi")),
    "SPEECH": (("a annonce", "clamait", "a-t-il poste", "avait publie", "said", "a officialise"), ("lancera", "the launch")),
    "THING_WORD": (("la video", "une annonce", "l'annonce", "a big announcement", "un test", "un appel",
                    "its mobile app", "une application pour iphone", "a browser extension", "son bureau",
                    "a documentary", "le parti", "le data center", "ses serveurs", "une version mobile"),
                   ("le service", "il annonce", "a annonce")),
    "PAST_PLANNED": (("was predicted to", "were widely tipped", "devait"), ("predicted", "is expected")),
    "APPOSITION_OF": ((", la messagerie de ", ", the new platform of ", ", l'application d'"),
                      (", l'arrivee de ", ", and ", " et ")),
    "PROMISE_WORD": (("prevu", "will", "evoque", "talked about", "rumoured"), ("lance", "launched")),
    "FUTURE_BEFORE": (("sera ", "being ", "will be "), ("a ete ", "has ")),
    "NAMED_BEFORE": (("un site baptise ", "an app called ", "dubbed \""), ("le site ", "launched ")),
    "BACK_IN_BEFORE": (("back in ", "back ", "as early as ", "des "), ("in ", "by ")),
    "PERSON_BEFORE_CUE": (("his ", "their ", "xbox "), ("its ", "the ")),
    "EVENT_AS_ADJECTIVE": (("his ", "the ", "now-"), ("was ", "has been ")),
    "RESTORED_BEFORE": (("de nouveau ", "a nouveau "), ("nouveau ", "le nouveau ")),
    "ANNIVERSARY_OF": (("anniversary of the ", "anniversaire du ", "fifth anniversary of his "),
                       ("the launch of the ", "le lancement du ")),
    "OPENING_HEAD": ((", cette campagne", ", the fundraising page", ", la video"), (", le service", ", mega")),
    "DEADLINE_BEFORE": (("d'ici la fin du ", "by the end of the ", "by ", "avant "), ("en ", "in the ", "pour ")),
    "NOT_SUBJECT_AFTER": ((" mall", " cinema", " said,", " a indique."), (" will launch", " sera lance")),
    "EVENT_PARTICIPLE": ((" prevue en", " scheduled for", " initialement fixee au"), (" le lancement", " mega")),
    "DELAY_BEFORE": (("est repousse a ", "postponed to ", "pushed back until "), ("prevu en ", "planned for ")),
    "REPORTED_FUTURE": (("said mega would launch", "avait promis", "was supposed to"), ("will launch", "promet")),
    "PROJECT_BEFORE_CUE": (("le projet ", "le developpement de bitcache ", "le chantier de meganet ",
                            "megabox, projet ", "les travaux sur le site ont ete "),
                           ("le projet avance et mega ", "mega ", "le projet de kim dotcom, mega, ")),
    "PROMISED_COUNT_AFTER": ((" aujourd'hui un million d'inscrits", " 3 millions d'utilisateurs",
                              " 250,000 sign-ups", " more than a million users"),
                             (" le lancement de mega", " un nouveau site", " mega pour janvier")),
    "SAYING_OBJECT_AFTER": ((" le lancement de", " un nouveau megaupload", ", la sortie", " the launch of"),
                            (" que mega", " en janvier", " a mega")),
    "LAUNCH_NOUN_AFTER_DAY": ((" launch date", "th big launch", " public release"), (" concert", " raid")),
    "LAUNCH_NOUN_BEFORE_DAY": (("le lancement du ", "the launch of "), ("le lancement pour le ", "will launch ")),
    "DELAYS_BEFORE_LAUNCH": (("after numerous ", "apres de nombreux ", "despite "), ("were ", "a ")),
    "CONJUNCTION_AFTER_APPOSITION": ((", son nouveau site, et ", ", the cloud locker, and ",
                                      ", son nouveau site de telechargement, et ", ", la messagerie chiffree, et ",
                                      ", its payment service, and "),
                                     (", selon son fondateur, et sans ", " et ", ", qui ouvrira en mars, et ",
                                      ", fermee en 2012, et ")),
    "AFTER_LAUNCH_AFTER": ((" of its launch", " suivant son lancement", " after the public launch"), (" of mega", " avant")),
    "WORK_SUBJECT_BEFORE": (("work on megachat ", "talks about baboom's funding ", "les travaux sur bitcache ont "),
                            ("mega ", "work on megachat, mega ")),
    "IF_CLAUSE_BEFORE": (("if baboom ", "si megabox ", ", s'il "), ("even if baboom ", "meme si mega ", "if it rains, mega ")),
    "RATE_BEFORE": (("one million users ", "500 000 inscrits "), ("mega will launch ", "dans ")),
}


# The cue scans of every sentence (see WordSpans).
LAUNCH_SPANS, LAUNCHED_SPANS, PROMISE_SPANS, SPEECH_SPANS, PAST_PLANNED_SPANS, EVENT_SPANS, LAUNCHED_NOW_SPANS = (
    WordSpans(p) for p in (LAUNCH, LAUNCHED, PROMISE, SPEECH, PAST_PLANNED, EVENT, LAUNCHED_NOW))
