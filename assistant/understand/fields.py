"""What the data's own fields say about a question: which field a breakdown names, which kind alone
holds a value, whether a field is said to be recorded or missing, and whether "final" adds
anything to a finding.

Why: split from plan.py (which reads the question in order); these helpers read the binders'
catalogue — the (kind, field) pairs the store holds values of — rather than the question's
wording alone, so a new force's fields work with no code change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import get_args

from .accounting import ROLES, Binder, of_role
from .models import FieldFilter, Kind
from .shapes import TOPIC_FIELDS, VALUE_PHRASING

ALL_KINDS = list(get_args(Kind))

# Other words for a field's name, said apart from its value ("whose *station* is Quayside").
FIELD_NAMES = {"unit": ("station", "team", "department", "posting"), "district": ("area",),
               "absence_type": ("absence type",), "declaration_type": ("type",)}


# "by system", "of each rank", "per police system": a count per value of a field the data holds
FIELD_GROUP = re.compile(r"\b(?:by|per|for each|for every|of each|on each|each|every|"
                         r"according\s+to)\s+"
                         # "by the accused officers' duty status": whose field it is, then it
                         r"(?:(?:the|their|its)\s+)?(?:accused\s+)?(?:officers?'?s?\s+)?"
                         r"(?:police\s+|kind of\s+|type of\s+)?([a-z]+(?:[ _][a-z]+)?)", re.I)


# "by type of complainant", "per race of the complainants": a two-word field said the other way
# round, its last word first ("complainant_type", "complainant_race")
FIELD_OF = re.compile(r"\b(?:by|per|for each|for every|of each|on each|each|every|"
                      r"according\s+to)\s+(?:(?:the|their|its)\s+)?(?P<head>[a-z]+)\s+of\s+"
                      r"(?:(?:the|their|its|a|an)\s+)?(?P<owner>[a-z]+)\b", re.I)

FINAL = re.compile(r"\bfinal(?:ly)?\b", re.I)


# The word allowed between cue and field is never a negation: "with no outcome" is the cue "no"
# (absent), not "with" (present) followed by the word "no".
PRESENCE_CUE = (r"\b(?:(?P<neg>no|without|lacking|missing)|(?P<cue>with|have|has|had|having|"
                r"carr(?:y|ies|ied)|given|got))\s+(?:(?:an?|any)\s+)?"
                r"(?:(?!(?:no|not|without)\b)[a-z]+\s+)?")


def presence(text: str, kinds: list[str], binders: Sequence[Binder],
              filters: list[FieldFilter]) -> list[tuple[FieldFilter, list[tuple[int, int]]]]:
    """'allegations with a finding recorded', 'complaints without an outcome': a field of the
    question's kinds (or a complaint's allegations') that holds any value / none. A word between
    the cue and the field ("any *final* finding") is not claimed: it stays to be accounted for."""
    order = [k for k in kinds if k != "person"]
    order += ["allegation"] if "complaint" in order and "allegation" not in order else []
    pairs = held_pairs(binders)
    names: dict[str, tuple[str, str]] = {}
    for kind in reversed(order):  # the first kind wins
        names.update({f.replace("_", " "): (kind, f) for k, f in pairs if k == kind})
    bound = {(f.kind, f.field) for f in filters}
    if not names:
        return []
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    rx = re.compile(PRESENCE_CUE + rf"(?P<f>{alt})s?(?P<tail>\s+(?:recorded|on record|entered|"
                    r"logged|set|yet))?\b(?!\s+(?:of|is|was|were|=|that|which|as)\b)", re.I)
    out = []
    for m in rx.finditer(text):
        kind, field = names[m.group("f").lower()]
        if (kind, field) in bound:
            continue  # a value of it was said ("a finding of sustained")
        op = "absent" if m.group("neg") else "present"
        spans = [m.span("f")] + ([m.span("neg" if m.group("neg") else "cue")]) + (
            [m.span("tail")] if m.group("tail") else [])
        out.append((FieldFilter(kind=kind, field=field, op=op,
                                values=["not recorded" if m.group("neg") else "recorded"],
                                text=m.group(0).strip()), spans))
    return out


# A field's last word and the words said for it as often: a force records "officer_gender" and
# "complainant_sex"; "officers by sex" is the officers' (whose field, `_said_person`, decides)
SAME_WORD = {"sex": ("gender",), "gender": ("sex",), "race": ("ethnicity",),
             "ethnicity": ("race",)}
# Other names investigators give a field ("the *penalty* was separation": the outcome)
FIELD_SYNONYMS = {"outcome": ("penalty", "penalties", "sanction", "disposition", "discipline"),
                  "finding": ("verdict", "determination"), "rank": ("grade",)}


def held_fields(filters: list[FieldFilter], findings: list[str], text: str,
                binders: Sequence[Binder] = ()) -> str:
    """What makes a describe-shaped question a question about recorded values ('' if nothing):
    a bound field other than the topic fields a narrative search keeps in its text, a finding,
    value phrasing ("recorded as", "whose rank is"), or "where the <field the data holds> … was"
    ("where the final penalty for an accused officer was separation")."""
    held = [f.field.replace("_", " ") for f in filters if f.field not in TOPIC_FIELDS]
    if findings:
        held.append("finding")
    if held:
        return f"the data's own fields bind ({', '.join(dict.fromkeys(held))})"
    if m := VALUE_PHRASING.search(text):
        return f"'{m.group(0)}' asks for a recorded value"
    names = {f.replace("_", " ") for _, f in held_pairs(binders)} - set(TOPIC_FIELDS)
    names |= {w for f, ws in FIELD_SYNONYMS.items() if f in names for w in ws}
    if names:
        alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        if m := re.search(rf"\bwhere\s+(?:the|an?|its|their|his|her)\s+(?:\w+\s+)?(?:{alt})\b"
                          r"[^.?!]{0,50}?\b(?:is|was|are|were)\b", text, re.I):
            return f"'{m.group(0)}' asks for a recorded value"
    return ""


def only_kind(text: str, binders: Sequence[Binder]) -> str | None:
    """The one record kind whose values the question says, when it names no kind and none of
    them is a complaint's: "how many sergeants?" (the staff list's rank), "who made the most ANPR
    checks?" (the audit log's system)."""
    for b in binders:
        if (spans := getattr(b, "value_spans", None)) is None:
            continue
        said = {k for k in ALL_KINDS if k != "document" and spans(text, [k])}
        if said and not said & {"complaint", "allegation"} and len(said) == 1:
            return said.pop()
    return None


def held_pairs(binders: Sequence[Binder]) -> set[tuple[str, str]]:
    """(kind, field) of every value the binders hold, and every attribute the store holds (a
    civil suit's number: too many values to be a category, but there or not)."""
    held = [getattr(b, "values", None) for b in binders]
    attributes = {kf for b in binders for kf in getattr(b, "attributes", ())}
    return attributes | {(kind, field) for by_phrase in held if isinstance(by_phrase, dict)
                         for per in by_phrase.values() if isinstance(per, dict)
                         for kind, field in per}


def final_apart(binders: Sequence[Binder]) -> bool:
    """Does the data keep recommended findings/penalties apart from the decided ones? Then its
    finding and outcome are the final ones and "final" adds nothing; where it does not, "final"
    stays a constraint the answer cannot apply (said, never dropped)."""
    return any(field.startswith("recommended_") for _, field in held_pairs(binders))


def _stem(word: str) -> str:
    """A word's first five letters: "disciplinary" and "discipline", "agencies" and "agency",
    "refer" and "referred"."""
    return word.lower()[:5]


def _field_stems(field: str) -> set[str]:
    """The stems of every word naming `field`: its own name's words, other names for it
    (FIELD_NAMES) and what investigators call it (FIELD_SYNONYMS: "discipline" → outcome);
    words of three letters or fewer ("to", "of") name nothing."""
    words = [*field.split("_"), *FIELD_NAMES.get(field, ()), *FIELD_SYNONYMS.get(field, ())]
    return {_stem(w) for phrase in words for w in phrase.split() if len(w) > 3}


_IMPOSED = re.compile(r"\s+(?:followed|imposed|issued|given|handed\s+(?:out|down))\b", re.I)
# "… and how many went to each?", "how many of each?": a breakdown whose noun was said before
EACH_LAST = re.compile(r"\b(?:how\s+many|number)\b[^.?!]{0,50}?\b(?P<each>each)\s*(?:[?.!]|$)",
                       re.I)
# said with a field's own word when only records holding a value are meant ("referred elsewhere")
# (and the verb of an outcome: "what disciplinary outcomes followed", "the penalty imposed")
_VALUED = (r"(?:\s+(?:elsewhere|outside|onwards?|on))?"
           r"(?:\s+(?:followed|imposed|issued|given|handed\s+(?:out|down)))?")
_WORD = re.compile(r"[A-Za-z]{4,}")


def _held_fields(kinds: list[str], binders: Sequence[Binder]) -> dict[str, str]:
    """Each field the data holds values of for `kinds` (with none named: every kind) → its kind,
    the first kind winning; a complaint's allegations' fields are a complaint's too."""
    order = kinds or [k for k in ALL_KINDS if k != "document"]
    if "complaint" in order and "allegation" not in order:
        order = [*order, "allegation"]
    pairs = held_pairs(binders)
    fields: dict[str, str] = {}
    for kind in reversed(order):
        fields.update({f: kind for k, f in pairs if k == kind})
    return fields


def field_stems_of(text: str) -> list[str]:
    """The stems `field_words_said` compares, of each word of `text`."""
    return [_stem(m.group(0)) for m in _WORD.finditer(text)]


def field_words_said(text: str, field: str, skip: Sequence[str] = ()
                     ) -> list[tuple[int, int]]:
    """Spans of the words in `text` that name `field` ("refer", "agencies" for
    referred_to_agency), each with a word saying a value is held after it ("referred
    elsewhere", "outside"); words whose stem is in `skip` (the grouping's own noun said again:
    "system use by system") are not."""
    stems = _field_stems(field) - set(skip)
    spans = []
    for m in _WORD.finditer(text):
        if text[max(m.start() - 1, 0):m.start()] == "-" or text[m.end():m.end() + 1] == "-":
            continue  # "on-duty", "off-duty": a value said, not the field
        if _stem(m.group(0)) in stems:
            after = re.match(_VALUED, text[m.end():], re.I)
            before = re.search(r"\boutside\s+$", text[:m.start()], re.I)
            spans.append((before.start() if before else m.start(),
                           m.end() + (after.end() if after else 0)))
    return spans


def each_last_field(text: str, kinds: list[str], binders: Sequence[Binder]
                    ) -> tuple[str, list[tuple[int, int]], str] | None:
    """"Which outside agencies did COPA refer its complaints to, and how many went to each?",
    "what disciplinary outcomes followed, and how many of each?": the field the question names
    by the most of its words (two, or a one-word field's whole name; one field only), the
    spans to read (those words and the "each"), and its kind."""
    if (m := EACH_LAST.search(text)) is None:
        return None
    fields = _held_fields(kinds, binders)
    said = {_stem(w.group(0)) for w in _WORD.finditer(text[:m.start("each")])}
    score = {f: len(said & _field_stems(f)) for f in fields}
    best = max(score.values(), default=0)
    top = [f for f in fields if score[f] == best]
    if len(top) != 1 or not (best >= 2 or (best == 1 and "_" not in top[0])):
        return None
    field = top[0]
    return field, [*field_words_said(text[:m.start("each")], field), m.span("each")], \
        fields[field]


def _better_field(said: str, chosen: str, fields: dict[str, str], filtered: set[str]
                  ) -> str:
    """Of two fields sharing a word ("disciplinary finding": the investigative `finding`, or the
    `outcome` "discipline" names), the one naming more of the words said; on a tie, not a field
    the question already holds to one value ("the sustained allegations by disciplinary
    finding": grouped by finding they would be one group, all sustained)."""
    stems = {_stem(w) for w in said.split()}
    if len(stems) < 2:
        return chosen
    score = {f: len(stems & _field_stems(f)) for f in fields}
    best = max(score.values())
    if score[chosen] < best:
        return min((f for f in fields if score[f] == best), key=lambda f: (f in filtered, f))
    if chosen in filtered:  # the one naming the words the chosen field does not
        rest = stems - _field_stems(chosen)
        others = [f for f in fields if f != chosen and f not in filtered and score[f] == best
                  and rest & _field_stems(f)]
        return others[0] if len(others) == 1 else chosen
    return chosen


def _said_person(field: str, text: str) -> bool:
    """Whether `field` is of the person the question says: a complainant's, victim's or
    witness's field when that person is named ("by race of the complainants"), else a field of
    no such person (the accused officer's: "officers by race")."""
    roles = [r for r in ROLES if of_role(field, r)]
    return any(re.search(ROLES[r], text, re.I) for r in roles) if roles else not any(
        re.search(p, text, re.I) for p in ROLES.values())


def field_group(text: str, kinds: list[str], binders: Sequence[Binder],
                filtered: set[str] | frozenset[str] = frozenset(), whose: str | None = None
                ) -> tuple[str, tuple[int, int], str] | None:
    """'by system', 'of each rank', 'each finding': the field of the question's record kind it
    names (a field the data holds values of, or another word for one), the span said, and the
    kind holding it (with no kind named: the first that holds a field of that name). Two words
    said ("by disciplinary finding") pick the field naming more of them (`_better_field`;
    `filtered`: fields the question already holds to one value; `whose`: the question that
    says whose field it is, when `text` is only the words grouped by)."""
    pairs = held_pairs(binders)
    order = kinds or [k for k in ALL_KINDS if k != "document"]
    if "complaint" in order and "allegation" not in order:
        # "complaints by the accused's duty status": a field of the complaint's allegations
        order = [*order, "allegation"]
    fields: dict[str, str] = {}
    for kind in reversed(order):  # the first kind wins
        fields.update({f: kind for k, f in pairs if k == kind})
    names = {**{f.replace("_", " "): f for f in fields},
             **{w: f for f, ws in FIELD_NAMES.items() if f in fields for w in ws}}
    question = text if whose is None else whose
    for f in sorted(fields, key=lambda f: not _said_person(f, question)):
        # "by reason": a field by its name's last word ("claim_reason"); where several end in
        # it the plan keeps them all as options (`last_word_fields`) ("by penalty" stays the
        # outcome, FIELD_SYNONYMS; "by year" a year); "by race" is the accused's unless the
        # question says whose (`_said_person`)
        if "_" in f and (last := f.rsplit("_", 1)[1]) not in LAST_WORDS_NOT_A_FIELD:
            # "by sex": the officer's gender, unless another's is said ("sex of complainants")
            same = SAME_WORD.get(last, ()) if _said_person(f, question) else ()
            for word in (last, *same):
                names.setdefault(word, f)
    for f, others in FIELD_SYNONYMS.items():  # "by penalty", "per kind of discipline"
        if f in fields:
            for w in others:
                names.setdefault(w, f)
    for m in FIELD_OF.finditer(text):  # "by type of complainant": the field complainant_type
        head, owner = m["head"].lower(), m["owner"].lower()
        for name in (f"{owner} {head}", f"{owner.rstrip('s')} {head}"):
            if name in names and names[name] in fields:
                return names[name], m.span(), fields[names[name]]
    for m in FIELD_GROUP.finditer(text):
        said = m.group(1).lower().replace("_", " ")
        # "by status", "by case type", and "by case status": the field's name last, after a
        # word for the record ("case", "complaint") or a time ("current")
        for cand, at in ((said, 0), (said.split()[0], 0), (said.split()[-1], said.rfind(" ") + 1)):
            name = cand[:-1] if cand.endswith("s") and cand[:-1] in names else cand
            if name in names:
                field = _better_field(said, names[name], fields, set(filtered))
                end = m.end(1) if field != names[name] else m.start(1) + at + len(cand)
                # "per kind of discipline imposed": the verb of the value is the grouping's
                end += len(verb.group(0)) if (verb := _IMPOSED.match(text, end)) else 0
                return field, (m.start(), end), fields[field]
    for m in FIELD_BREAKDOWN.finditer(text):  # "the status breakdown of …", "a status split"
        said = m.group(1).lower().replace("_", " ")
        for cand, at in ((said, 0), (said.split()[-1], said.rfind(" ") + 1)):
            name = cand[:-1] if cand.endswith("s") and cand[:-1] in names else cand
            if name in names:
                return names[name], (m.start(1) + at, m.end()), fields[names[name]]
    return None


# ("district split by their classification": "split" is then the verb, and the noun before it
# is what is split, not the field it is split by)
FIELD_BREAKDOWN = re.compile(r"\b([a-z]+(?:[ _][a-z]+)?)\s+(?:breakdown|break-down|split"
                             r"(?!\s+(?:by|into|per|according|across|between|up|out)\b)|"
                             r"distribution)\b", re.I)


def mask_final(text: str, binders: Sequence[Binder]) -> str:
    """Blank "final" (the data's finding is the final one, see `final_apart`), except inside a
    value the data holds ("status Case Final")."""
    held = [(a, b) for bd in binders if (spans := getattr(bd, "value_spans", None))
            for a, b in spans(text, ALL_KINDS)]
    return FINAL.sub(lambda m: m.group(0) if any(a <= m.start() and m.end() <= b
                                                 for a, b in held) else " " * len(m.group(0)),
                     text)


def ranked_fields(kinds: list[str], binders: Sequence[Binder], question: str = ""
                  ) -> dict[str, str]:
    """The words naming each categorical field the data holds for the question's kinds (with
    none named: every kind's), for a ranking of its values ("which *reason* is given most
    often", "the most common *absence reason*") → 'field:<kind>:<field>'. A field is said by its
    name or its name's last word ("claim_reason": "reason"); where several fields end in it
    ("claim_reason", "amendment_reason") the one whose other words the question says, else the
    one the most records hold (the interpretation names the field ranked); the groups `superlative.NOUNS` ranks itself (category, district, unit, finding,
    year…) are left to it."""
    from .superlative import _NOUN  # the fixed group nouns

    order = [k for k in kinds if k != "person"] or [k for k in ALL_KINDS
                                                    if k not in ("document", "person")]
    if "complaint" in order and "allegation" not in order:
        order = [*order, "allegation"]
    # a flag ("police shooting" / "not a police shooting") is what is counted, never ranked:
    # "the most police shootings" ranks districts, so fields of fewer than 3 values are left out
    pairs = {p for p in held_pairs(binders) if _values_held(binders, p) >= 3}
    fields: dict[str, str] = {}
    for kind in reversed(order):  # the first kind wins
        fields.update({f: kind for k, f in pairs if k == kind})
    said: dict[str, str] = {}
    last: dict[str, list[str]] = {}
    for field, kind in fields.items():
        words = field.split("_")
        if _NOUN.fullmatch(" ".join(words)) or field == "categories":
            continue
        said[" ".join(words)] = f"field:{kind}:{field}"
        if len(words) > 1 and not _NOUN.fullmatch(words[-1]) and \
                words[-1] not in LAST_WORDS_NOT_A_FIELD:
            last.setdefault(words[-1], []).append(f"field:{kind}:{field}")
    asked = {w.lower().rstrip("s") for w in re.findall(r"[A-Za-z]+", question)}

    def overlap(key: str) -> int:
        return len(set(key.split(":")[2].split("_")[:-1]) & asked)
    for word, keys in last.items():
        if word in said:
            continue
        # the fields whose other words the question says, if any: the options ranked (the
        # executor takes the one the asked records hold, `structured.held_most`)
        best = max(overlap(k) for k in keys)
        options = [k for k in keys if overlap(k) == best]
        said[word] = options[0] + "".join("|" + k.split(":")[2] for k in options[1:])
    for field, others in FIELD_SYNONYMS.items():  # "the most common penalty": the outcome
        if field in fields and not _NOUN.fullmatch(field.replace("_", " ")):
            for w in others:
                said.setdefault(w, f"field:{fields[field]}:{field}")
    return said



LAST_WORDS_NOT_A_FIELD = {"type", "status", "date", "year", "month", "time", "id",
                          *(w for ws in FIELD_SYNONYMS.values() for w in ws),
                          *(w for ws in FIELD_NAMES.values() for w in ws)}


def last_word_fields(word: str, kind: str, binders: Sequence[Binder]) -> list[str]:
    """The fields of `kind` the data holds whose name ends in `word` ("reason": claim_reason,
    amendment_reason), when `word` is not itself one's whole name."""
    pairs = held_pairs(binders)
    if (kind, word) in pairs:
        return []
    return sorted(f for k, f in pairs if k == kind and "_" in f and f.rsplit("_", 1)[1] == word)


def _values_held(binders: Sequence[Binder], pair: tuple[str, str]) -> int:
    """How many distinct values the binders hold for (kind, field)."""
    values: set[str] = set()
    for b in binders:
        by_phrase = getattr(b, "values", None)
        if isinstance(by_phrase, dict):
            for per in by_phrase.values():
                if isinstance(per, dict) and pair in per:
                    values.update(per[pair])
    return len(values)
