"""Compose narratives from the banks: complaint accounts, cluster paraphrases, intelligence
reports, declarations and conduct-case summaries.

Variety comes from several independent choices per narrative: voice (complainant first person,
informal first person, case worker's third-person summary), sentence count (2–8), which bank
sentences are used and in what order, alternations inside each sentence and concrete slot
values (dates, times, streets, venues, names).
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from datetime import date

from . import bank_clusters as bc
from . import bank_complaints as bk
from . import bank_records as br
from .grammar import Part, compile_bank, compile_template, pick_render, render
from .world import CARS, COLOURS, MONTHS, ROADS, STREETS, VENUES, WEEKDAYS, ordinal_suffix

Bank = list[list[Part]]


def _c(d: dict[str, list[str]]) -> dict[str, Bank]:
    return {k: compile_bank(v) for k, v in d.items()}


OPEN, CIRC, EVENT_NP = _c(bk.OPEN), _c(bk.CIRC), _c(bk.EVENT_NP)
CONDUCT, CONDUCT_PHONE = _c(bk.CONDUCT), _c(bk.CONDUCT_PHONE)
OPEN_FIRST, OPEN_THIRD = compile_bank(bk.OPEN_FIRST), compile_bank(bk.OPEN_THIRD)
MULTI, IMPACT, ASK = compile_bank(bk.MULTI), compile_bank(bk.IMPACT), compile_bank(bk.ASK)
FIRST_EXTRA, INFORMAL_EXTRA = compile_bank(bk.FIRST_EXTRA), compile_bank(bk.INFORMAL_EXTRA)
NOTES, WRAP, INJURY = compile_bank(bk.NOTES), compile_bank(bk.WRAP_THIRD), compile_bank(bk.INJURY)
WRAP_HEAD = compile_bank(bk.WRAP_HEAD)
SCENARIO_BEATS = {s.name: [compile_bank(b) for b in s.beats] for s in bc.SCENARIOS}
COMPANY_IN_COMPLAINT = compile_bank(bc.COMPANY_IN_COMPLAINT)
INTEL_OPEN, INTEL_CLOSE = compile_bank(br.INTEL_OPEN), compile_bank(br.INTEL_CLOSE)
INTEL_THEMES = _c(br.INTEL_THEMES)
INTEL_BUSINESS, INTEL_DECLARED = compile_bank(br.INTEL_BUSINESS), compile_bank(
    br.INTEL_BUSINESS_DECLARED)
DECL = {"business_interest": compile_bank(br.DECL_BUSINESS),
        "association": compile_bank(br.DECL_ASSOCIATION), "gift": compile_bank(br.DECL_GIFT)}
CONDUCT_CASES = _c(br.CONDUCT_CASES)
CONDUCT_BACKGROUND = compile_bank(br.CONDUCT_BACKGROUND)
CONDUCT_STATUS = compile_bank(br.CONDUCT_STATUS)
ALLEGATION_LEAD = compile_template("[Allegation that|It is alleged that|The allegation is that|"
                                   "Information was received that] {subj}")

PRONOUNS = {
    "first": {"I": "I", "me": "me", "my": "my", "mine": "mine", "myself": "myself"},
    "F": {"I": "she", "me": "her", "my": "her", "mine": "hers", "myself": "herself"},
    "M": {"I": "he", "me": "him", "my": "his", "mine": "his", "myself": "himself"},
}
# Sentence openers that may be lower-cased after "The complainant states that …".
_LOWERABLE = frozenset("""
The A An On At In When While After Before During Two Three There This That It Nobody No
Nothing Her His My She He They Despite Although As Once Eventually Within Instead Because
Since By Both Other Details Later Afterwards Soon Frightened Coming Walking Without For
Following Late Weeks Months Several Comments Payment According To Losing None Only What
""".split())  # noqa: SIM905
_SENT_END = re.compile(r"[.!?]$")


def when_phrase(rng: random.Random, d: date, hour: int = 12) -> str:
    wd, mon = WEEKDAYS[d.weekday()], MONTHS[d.month - 1]
    forms: tuple[str, ...] = (
        f"on {wd} {d.day} {mon}", f"on {wd} the {d.day}{ordinal_suffix(d.day)} of {mon}",
        f"on {d.day} {mon} {d.year}", f"on {d.day:02d}/{d.month:02d}/{d.year}",
        f"on {wd} {d.day}{ordinal_suffix(d.day)} {mon}", f"on {d.day}{ordinal_suffix(d.day)} {mon}",
    )
    if hour < 5:
        forms += (f"in the early hours of {wd} {d.day} {mon}",)
    elif hour >= 17:
        forms += (f"on the evening of {d.day} {mon}",)
    return forms[int(rng.random() * len(forms))]


def time_phrase(rng: random.Random, hour: int, minute: int) -> tuple[str, str]:
    """(phrase, clock) e.g. ("at about 11.40pm", "23:40")."""
    h12 = hour % 12 or 12
    ampm = "am" if hour < 12 else "pm"
    part = "morning" if hour < 12 else "afternoon" if hour < 18 else "evening"
    forms = (
        f"at about {h12}.{minute:02d}{ampm}", f"at around {hour:02d}:{minute:02d}",
        f"shortly after {h12}{ampm}", f"at roughly {h12}{ampm}", f"in the {part}",
        f"at {hour:02d}{minute:02d} hours", f"just after {h12}.{minute:02d}",
    )
    return forms[int(rng.random() * len(forms))], f"{hour:02d}:{minute:02d}"


def place_phrase(rng: random.Random, street: str, town: str) -> tuple[str, str]:
    venue = VENUES[int(rng.random() * len(VENUES))]
    forms = (f"outside {venue} on {street}", f"near {venue} in {town}", f"on {street} near {venue}",
             f"in the car park of {venue}", f"opposite {venue}",
             f"at the junction of {street} and {rng.choice(STREETS)}")
    return forms[int(rng.random() * len(forms))], venue


def base_slots(rng: random.Random, voice_gender: str | None, street: str, town: str,
               incident: date, hour: int) -> dict[str, str]:
    """Slots shared by every narrative about an incident at (street, town, date, hour)."""
    slots = dict(PRONOUNS[voice_gender or "first"])
    minute = int(rng.random() * 60)
    slots["when"] = when_phrase(rng, incident, hour)
    slots["time"], slots["clock"] = time_phrase(rng, hour, minute)
    slots["place"], slots["venue"] = place_phrase(rng, street, town)
    slots["street"], slots["town"] = street, town
    slots["road"] = ROADS[int(rng.random() * len(ROADS))]
    slots["car"] = f"{rng.choice(COLOURS)} {rng.choice(CARS)}"
    slots["rel"] = rng.choice(bk.RELATIONS)
    slots["kid"] = f"{rng.randint(6, 17)}-year-old {rng.choice(('son', 'daughter'))}"
    slots["cash"] = str(rng.choice((60, 80, 120, 150, 200, 250, 300, 340, 400, 450, 500, 650)))
    slots["cash2"] = str(rng.choice((40, 55, 70, 90, 110, 130)))
    slots["offence"] = rng.choice(bk.OFFENCES)
    slots["age"] = str(rng.randint(17, 78))
    slots["year"] = str(incident.year - rng.randint(1, 4))
    slots["cad"] = f"WS-{incident:%Y%m%d}-{rng.randint(1, 1400):04d}"
    return slots


def _finish(text: str) -> str:
    return text if _SENT_END.search(text) else text + "."


def _lower_first(text: str) -> str:
    word = text.split(" ", 1)[0]
    return text[0].lower() + text[1:] if word in _LOWERABLE else text


def _wrap(rng: random.Random, text: str, slots: dict[str, str], head: bool = False) -> str:
    return pick_render(WRAP_HEAD if head else WRAP, rng, slots) + " " + _lower_first(text)


def _informal(text: str, rng: random.Random) -> str:
    """A hurried online-form register: lower case 'i', fewer apostrophes, 'copper'."""
    text = re.sub(r"\bI\b", "i", text)
    if rng.random() < 0.5:
        text = text.replace("'", "")
    if rng.random() < 0.5:
        text = text.replace("the officer", "the copper").replace("police officer", "copper")
    return text.lower() if rng.random() < 0.3 else text


def complaint_narrative(rng: random.Random, voice: str, category: str, setting: str,
                        slots: dict[str, str], n_officers: int) -> str:
    """A complaint account: voice is "first", "informal" or "third"."""
    n = rng.choices((2, 3, 4, 5, 6, 7, 8), (8, 15, 22, 20, 15, 12, 8))[0]
    third = voice == "third"
    slots["event_np"] = pick_render(EVENT_NP[setting], rng, slots, cap=False)
    slots["injury"] = pick_render(INJURY, rng, slots, cap=False)
    head: list[str] = []
    if third and rng.random() < 0.55:
        head.append(pick_render(OPEN_THIRD, rng, slots))
    elif third:
        head.append(_wrap(rng, pick_render(OPEN[setting], rng, slots), slots, head=True))
    else:
        if n >= 4 and rng.random() < 0.35:
            head.append(pick_render(OPEN_FIRST, rng, slots))
        head.append(pick_render(OPEN[setting], rng, slots))
    phone = setting == "phone_call" and category in CONDUCT_PHONE
    conduct_bank = CONDUCT_PHONE[category] if phone else CONDUCT[category]
    k = min(len(conduct_bank), 1 if n <= 3 else 2 if n <= 6 else 3)
    conduct = [render(t, rng, slots) for t in rng.sample(conduct_bank, k)]
    multi = [pick_render(MULTI, rng, slots)] if n_officers > 1 and n >= 3 else []
    room = max(0, n - len(head) - len(conduct) - len(multi))
    circ_bank = CIRC[setting]
    circ = [render(t, rng, slots) for t in rng.sample(circ_bank, min(len(circ_bank), room, 2))]
    room -= len(circ)
    tail: list[str] = []
    pools: list[Bank] = [IMPACT, ASK] + ([NOTES, NOTES] if third else [FIRST_EXTRA])
    if voice == "informal":
        pools.append(INFORMAL_EXTRA)
    rng.shuffle(pools)
    for bank in pools[:room]:
        tail.append(pick_render(bank, rng, slots))
    body = circ + conduct[:1] + multi + conduct[1:] + tail
    if third:
        body = [_wrap(rng, s, slots) if rng.random() < 0.4 and not s.startswith(
            ("Body", "CCTV", "The complainant", "Command", "Officer", "Recorded", "This complaint",
             "Initial", "An initial", "There is no", "No body")) else s for s in body]
    text = " ".join(_finish(s) for s in head + body)
    return _informal(text, rng) if voice == "informal" else text


def cluster_narrative(rng: random.Random, scenario: bc.Scenario, variant: Sequence[int],
                      voice: str, slots: dict[str, str]) -> str:
    """One complaint of a planted cluster: beat i told with paraphrase variant[i]."""
    setting = scenario.settings[int(rng.random() * len(scenario.settings))]
    slots["event_np"] = pick_render(EVENT_NP[setting], rng, slots, cap=False)
    sents: list[str] = []
    if voice == "third" and rng.random() < 0.6:
        sents.append(pick_render(OPEN_THIRD, rng, slots))
    elif voice != "third" and rng.random() < 0.4:
        sents.append(pick_render(OPEN_FIRST, rng, slots))
    beats = SCENARIO_BEATS[scenario.name]
    for i, beat in enumerate(beats):
        if i == len(beats) - 1 and rng.random() < 0.3:
            break
        text = render(beat[variant[i] % len(beat)], rng, slots)
        wrap = voice == "third" and (not sents or rng.random() < 0.35)  # never open on "She…"
        sents.append(_wrap(rng, text, slots, head=not sents) if wrap else text)
    if rng.random() < 0.3:
        sents.append(pick_render(ASK, rng, slots))
    text = " ".join(_finish(s) for s in sents)
    return _informal(text, rng) if voice == "informal" else text


def company_sentence(rng: random.Random, slots: dict[str, str]) -> str:
    return _finish(pick_render(COMPANY_IN_COMPLAINT, rng, slots))


def intel_text(rng: random.Random, slots: dict[str, str], theme: str | None,
               business: str | None = None) -> str:
    """theme: a background theme; business: "undeclared" or "declared" for pattern (f).
    `subj` names the subject in full once; later sentences use `subj_short`."""
    opener = pick_render(INTEL_OPEN, rng, slots)
    slots = {**slots, "subj": slots["subj_short"]}
    if business:
        bank = INTEL_BUSINESS if business == "undeclared" else INTEL_DECLARED
        body = [render(bank[0], rng, slots, cap=False)]
        rest = bank[1:]
        body += [render(t, rng, slots) for t in rng.sample(rest, rng.randint(1, len(rest)))]
    else:
        bank = INTEL_THEMES[theme or "associates"]
        body = [render(bank[0], rng, slots, cap=False)]
        rest = bank[1:]
        body += [render(t, rng, slots) for t in rng.sample(rest, rng.randint(0, len(rest)))]
    sents = [opener + " " + body[0], *body[1:]]
    sents += [render(t, rng, slots) for t in rng.sample(INTEL_CLOSE, rng.randint(1, 2))]
    return " ".join(_finish(s) for s in sents)


def declaration_text(rng: random.Random, kind: str, slots: dict[str, str]) -> str:
    bank = DECL[kind]
    sents = [render(bank[0], rng, slots)]
    sents += [render(t, rng, slots) for t in bank[1:] if rng.random() < 0.7]
    return " ".join(_finish(s) for s in sents)


def conduct_summary(rng: random.Random, category: str, slots: dict[str, str], closed: bool) -> str:
    lead = render(ALLEGATION_LEAD, rng, slots) + " " + pick_render(
        CONDUCT_CASES[category], rng, slots, cap=False)
    slots = {**slots, "subj": slots["subj_short"]}
    picks = [render(t, rng, slots) for t in CONDUCT_BACKGROUND if rng.random() < 0.45]
    status = render(CONDUCT_STATUS[1 if closed else 0], rng, slots)
    return " ".join(_finish(s) for s in [lead, *picks, status])
