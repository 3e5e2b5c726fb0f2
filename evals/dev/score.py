"""Strict scoring of one answer against one dev-set question's frozen gold.

Why this exists: the figures that matter for issue #13 are not "did a number come back" but
whether an investigator could trust it. The rules below are strict on purpose and are the only
definition of the dev set's metrics (report.py aggregates them).

What is read from an answer (the JSON of `probity ask --json` / `Engine.answer`):
`answer` (text), `abstained`, `evidence` (ids with `cited`), `citations`, and — when the engine
provides them — `interpretation` (one line) and `unapplied` (list) and an integer `count`.

Constraint accounting (every expected type):
- a constraint is *shown* when any of its `match` strings occurs (case-insensitive, hyphens and
  dashes read as spaces: "lack-of-service" shows "lack of service") in `interpretation`;
  *reported* when one occurs in `unapplied`;
- an answered (not abstained) phrasing **silently drops** a constraint that is neither shown nor
  reported. With no `interpretation` field at all, every constraint counts as dropped;
- an answer that reports a constraint as unapplied answered a broader question: never correct
  for a gold that applies the constraint, but *labelled*, so not confidently wrong.

Per expected type (an answer is correct only if it also drops no constraint):
- `count`: the headline number equals gold. Headline = the integer `count` field if present,
  else the first number in the answer text once dates, record references and every number that
  appears in the question are removed; a leading "no"/"none"/"zero" before any number reads 0;
- `yes_no_count`: as `count` (a bare "yes" without the number is wrong);
- `record_set`: record gold (complaints…) — the set of ids of that kind in cited evidence and
  citations equals gold exactly; person gold — every gold person is cited or named in the text and
  no other person record is cited; an empty gold needs headline 0 and nothing of that kind cited;
- `ranked_ties`: every tied entity is named (person: cited id or name in the text; a value such
  as a district or category: its label in the text) and the boundary count appears in the text;
- `groups` (group-by, compare): for every group, its label occurs with its count within 60
  characters after (or 40 before) it; group-by operations must also state the total;
- `no_such_record`: nothing cited, and the answer abstains or says the record does not exist;
- `unapplied`: the answer abstains, or lists the trap in `unapplied`, or says in its text that it
  cannot apply it (a "can't/cannot/could not/not held/not recorded/unable" sentence naming it).

Confidently wrong = answered (not abstained), not correct, and nothing reported unapplied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

NUMBER = re.compile(r"(?<![\w/.-])(\d{1,3}(?:,\d{3})+|\d+)(?![\w/-]|\.\d)")
NOISE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b[A-Z]{2,}/[\w/]+|"
                   r"\b\d{2,4}-\d{3,7}\b|\b\w+:\w+:[\w/.-]+|\b\d{1,2}:\d{2}\b|"
                   r"\b\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4}\b",
                   re.I)
NEGATIVE = re.compile(r"\b(no|none|zero|not any|nothing)\b", re.I)
NOT_EXIST = re.compile(r"no such|not found|does not exist|doesn't exist|there is no|there are no|"
                       r"no record|no complaint|no officer|no one|nobody|no staff|not in the records|"
                       r"could not find|couldn't find|unknown", re.I)
CANNOT = re.compile(r"can't|cannot|could not|couldn't|unable|not held|not recorded|no data|"
                    r"isn't recorded|is not recorded|not available|don't hold|do not hold", re.I)
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10}
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]


@dataclass
class Verdict:
    correct: bool
    abstained: bool
    confidently_wrong: bool
    labelled: bool
    silent_drops: list[str] = field(default_factory=list)
    value: str = ""
    reason: str = ""
    value_correct: bool = False  # right value, ignoring constraint accounting (for context only)
    value_wrong_unlabelled: bool = False  # answered, wrong value, nothing reported (context)


def _num(text: str) -> int:
    return int(text.replace(",", ""))


def headline(answer: dict[str, Any], question: str) -> int | None:
    """The answer's headline number (see module docstring), or None."""
    if isinstance(answer.get("count"), int) and not isinstance(answer.get("count"), bool):
        return int(answer["count"])
    text = NOISE.sub(" ", str(answer.get("answer", "")))
    asked = {_num(n) for n in NUMBER.findall(NOISE.sub(" ", question))}
    first_neg = NEGATIVE.search(text)
    for m in NUMBER.finditer(text):
        if first_neg and first_neg.start() < m.start():
            return 0
        if _num(m.group(1)) not in asked:
            return _num(m.group(1))
    if first_neg:
        return 0
    for word, n in WORDS.items():
        if re.search(rf"\b{word}\b", text, re.I):
            return n
    return None


def cited_ids(answer: dict[str, Any]) -> set[str]:
    ids = {str(e.get("record_id")) for e in answer.get("evidence") or [] if e.get("cited")}
    return ids | {str(c.get("record_id")) for c in answer.get("citations") or []}


def _has_number(window: str, n: int) -> bool:
    return any(_num(m) == n for m in NUMBER.findall(window))


def _labels(label: str) -> list[str]:
    out = [label]
    if re.fullmatch(r"\d{4}-\d{2}", label):
        year, month = label.split("-")
        name = MONTHS[int(month) - 1]
        out += [f"{name} {year}", f"{name[:3]} {year}", name]
    if re.fullmatch(r"0+\d+", label):
        out.append(label.lstrip("0"))
    return out


def _label_with(text: str, label: str, n: int) -> bool:
    low = text.lower()
    for alt in _labels(label.lower()):
        for m in re.finditer(rf"(?<![\w]){re.escape(alt)}(?![\w])", low):
            if _has_number(low[m.end():m.end() + 60], n) or _has_number(low[max(0, m.start() - 40):m.start()], n):
                return True
    return False


def _named(text: str, answer_ids: set[str], entity: str, names: list[str]) -> bool:
    if entity in answer_ids:
        return True
    low = text.lower()
    alts = names or _labels(entity.lower())
    return any(re.search(rf"(?<![\w]){re.escape(a.lower())}(?![\w])", low) for a in alts)


def _words(text: str) -> str:
    """Lower case, a hyphen or dash read as the space it stands for in a compound word."""
    return re.sub(r"[-\u2010-\u2015]", " ", text.lower())


def _accounting(item: dict[str, Any], answer: dict[str, Any]) -> tuple[list[str], list[str]]:
    interp = answer.get("interpretation")
    unapplied = _words(" ".join(str(u) for u in answer.get("unapplied") or []))
    dropped, reported = [], []
    for c in item.get("constraints") or []:
        match = [_words(m) for m in c["match"]]
        if any(m in unapplied for m in match):
            reported.append(c["label"])
        elif not isinstance(interp, str) or not any(m in _words(interp) for m in match):
            dropped.append(c["label"])
    return dropped, reported


def score(item: dict[str, Any], gold: dict[str, Any], answer: dict[str, Any],
          question: str) -> Verdict:
    abstained = bool(answer.get("abstained"))
    text = str(answer.get("answer", ""))
    dropped, reported = _accounting(item, answer)
    if abstained:
        dropped = []
    expect = item["expect"]
    ids = cited_ids(answer)
    ok, value, why = False, "", ""
    if expect in ("count", "yes_no_count"):
        h = headline(answer, question)
        value, ok = str(h), h == gold["count"]
        why = f"headline {h}, gold {gold['count']}"
    elif expect == "record_set":
        ok, value, why = _record_set(gold, ids, text, question, answer)
    elif expect == "ranked_ties":
        named = [e for e in gold["ids"] if _named(text, ids, e, gold.get("names", {}).get(e, []))]
        ok = len(named) == len(gold["ids"]) and _has_number(text, gold["count"])
        value = "|".join(sorted(named))
        why = f"named {len(named)} of {len(gold['ids'])} tied, boundary count {gold['count']}"
    elif expect == "groups":
        hits = [g for g, n in gold["groups"].items() if _label_with(text, g, n)]
        need_total = item["operation"] == "group_by"
        ok = len(hits) == len(gold["groups"]) and (not need_total or _has_number(text, gold["total"]))
        value = "|".join(sorted(hits))
        why = f"{len(hits)} of {len(gold['groups'])} groups with their counts" + (
            f", total {gold['total']}" if need_total else "")
    elif expect == "no_such_record":
        ok = not ids and (abstained or bool(NOT_EXIST.search(text)))
        value, why = ("none" if ok else f"{len(ids)} cited"), "must cite nothing and say so"
    elif expect == "unapplied":
        trap = [m.lower() for m in item["unapplied"]["match"]]
        listed = " ".join(str(u) for u in answer.get("unapplied") or []).lower()
        said = any(CANNOT.search(s) and any(t in s.lower() for t in trap)
                   for s in re.split(r"(?<=[.!?])\s+", text))
        ok = abstained or any(t in listed for t in trap) or said
        value = "abstained" if abstained else ("labelled" if ok else "unlabelled")
        why = f"trap '{item['unapplied']['label']}' must be refused or reported"
        reported = reported + (["trap"] if ok and not abstained else [])
    else:
        raise ValueError(f"{item['id']}: unknown expected type {expect!r}")
    value_ok = ok if expect in ("no_such_record", "unapplied") else ok and not abstained
    ok = value_ok and not dropped and (expect == "unapplied" or not reported)
    labelled = bool(reported) or bool(answer.get("unapplied"))
    return Verdict(correct=ok, abstained=abstained, labelled=labelled, value=value,
                   confidently_wrong=not abstained and not ok and not labelled,
                   silent_drops=dropped, reason=why, value_correct=value_ok,
                   value_wrong_unlabelled=not abstained and not value_ok and not labelled)


def _record_set(gold: dict[str, Any], ids: set[str], text: str, question: str,
                answer: dict[str, Any]) -> tuple[bool, str, str]:
    want = set(gold["ids"])
    if not want:
        h = headline(answer, question)
        return h == 0 and not ids, f"headline {h}", "empty gold: must say none, cite nothing"
    first = next(iter(want))
    if ":" not in first:
        # the source's own ids (`unlinked_searches` gives the audit log's event ids): matched
        # against the id part of the cited records' ids ("system_access:syn:EV…" → "EV…")
        kinds = {i.split(":", 1)[0] for i in ids if i.rsplit(":", 1)[-1] in want}
        got = {i.rsplit(":", 1)[-1] for i in ids if i.split(":", 1)[0] in kinds}
        return (got == want, "|".join(sorted(got)),
                f"{len(got & want)} of {len(want)} gold cited, {len(got - want)} extra")
    kind = first.split(":", 1)[0]
    got = {i for i in ids if i.split(":", 1)[0] == kind}
    if kind == "person":
        named = {p for p in want if _named(text, ids, p, gold.get("names", {}).get(p, []))}
        extra = got - want
        return (named == want and not extra, "|".join(sorted(named | extra)),
                f"named {len(named)} of {len(want)} people, {len(extra)} others cited")
    return (got == want, "|".join(sorted(got)),
            f"{len(got & want)} of {len(want)} gold cited, {len(got - want)} extra")
