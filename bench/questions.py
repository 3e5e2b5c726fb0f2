"""Benchmark questions per intent, drawn from a built store itself (any force, any size).

Used by question_latency.py and serve_memory.py. Questions name real people (by name, rank and
name, or collar number), real categories and years, lightly paraphrased narrative sentences, and
people who are not in the store, phrased with the eval templates in evals/gold/phrases.py — so
each benchmark asks what an investigator would, and nothing depends on truth.json.

Only unrestricted records are used, so an investigator (the common role) can ask every question.
"""

from __future__ import annotations

import _checkout  # noqa: F401  first: this checkout's code, not the editable install's

# isort: split
import random
import re
from dataclasses import dataclass

import duckdb

from evals.gold import phrases as ph

INTENTS = ("count", "list", "profile", "describe", "compare", "unanswerable")
# Word swaps for "lightly paraphrased" narrative sentences: close enough that the records should
# still be found, different enough that the question is not a verbatim copy.
SWAPS = {
    "officer": "constable", "officers": "police", "said": "stated", "says": "claims",
    "told": "informed", "pushed": "shoved", "took": "removed", "money": "cash",
    "car": "vehicle", "house": "home", "later": "afterwards", "shouted": "yelled",
    "refused": "declined", "asked": "requested", "stopped": "pulled over", "hit": "struck",
}
RANK_WORD = {"Constable": "PC", "Sergeant": "Sergeant", "Inspector": "Inspector",
             "Detective Constable": "DC", "Detective Sergeant": "DS"}


@dataclass(frozen=True)
class Person:
    person_id: str
    name: str
    rank: str | None
    collar: str | None


@dataclass(frozen=True)
class StoreFacts:
    people: list[Person]
    categories: list[str]
    years: list[int]
    sentences: list[str]
    all_names: frozenset[str]


def _identifiers(value: object) -> dict[str, str]:
    """DuckDB returns a MAP as a dict, or as {'key': [...], 'value': [...]} in older versions."""
    if isinstance(value, dict) and set(value) == {"key", "value"}:
        return dict(zip(value["key"], value["value"], strict=True))
    return dict(value) if isinstance(value, dict) else {}


def store_facts(con: duckdb.DuckDBPyConnection, limit: int = 400) -> StoreFacts:
    # People named in complaints, with a name nobody else has: a shared name is a (correct)
    # ambiguity abstention, which would time a different path than the intent asked for.
    rows = con.execute(
        """
        WITH named AS (SELECT lower(name) n FROM person GROUP BY 1 HAVING count(*) = 1)
        SELECT p.record_id, p.name, p.rank, p.identifiers FROM person p
        WHERE NOT p.restricted AND lower(p.name) IN (SELECT n FROM named)
          AND EXISTS (SELECT 1 FROM person_ref r
                      WHERE r.person_id = p.record_id AND r.kind = 'allegation')
        ORDER BY hash(p.record_id) LIMIT ?""",
        [limit],
    ).fetchall()
    people = [
        Person(pid, name, rank, _identifiers(idents).get("collar"))
        for pid, name, rank, idents in rows
    ]
    categories = [
        c for (c,) in con.execute(
            "SELECT category FROM complaint WHERE category IS NOT NULL AND NOT restricted "
            "GROUP BY 1 ORDER BY count(*) DESC LIMIT 12").fetchall()
    ]
    years = [
        int(y) for (y,) in con.execute(
            "SELECT year(received_date) y FROM complaint WHERE received_date IS NOT NULL "
            "GROUP BY 1 HAVING count(*) >= 5 ORDER BY 1").fetchall()
    ]
    texts = [
        t for (t,) in con.execute(
            "SELECT text FROM chunk WHERE kind = 'complaint' AND NOT restricted "
            "ORDER BY hash(chunk_id) LIMIT ?", [limit]).fetchall()
    ]
    all_names = frozenset(n.lower() for (n,) in con.execute("SELECT name FROM person").fetchall())
    return StoreFacts(people, categories, years, _sentences(texts), all_names)


def _sentences(texts: list[str]) -> list[str]:
    out = []
    for text in texts:
        for s in re.split(r"(?<=[.!?])\s+", text):
            words = s.split()
            if 8 <= len(words) <= 30 and not any(ch.isdigit() for ch in s):
                out.append(s)
    return out


def paraphrase(sentence: str) -> str:
    words = [SWAPS.get(w.lower(), w) for w in sentence.rstrip(".!?").split()]
    text = " ".join(words)
    # "The officer…" reads on inside a question; "I…" and names keep their capital.
    return text[0].lower() + text[1:] if words[0] in ("The", "A", "An", "He", "She", "They") else text


def _who(p: Person, rng: random.Random) -> str:
    forms = [p.name]
    if p.rank in RANK_WORD:
        forms.append(f"{RANK_WORD[p.rank]} {p.name}")
    if p.collar:
        forms.append(f"collar number {p.collar}")
    return rng.choice(forms)


def questions(facts: StoreFacts, per_intent: int, seed: int = 7) -> dict[str, list[str]]:
    """`per_intent` questions for each of INTENTS (the intent each is written to exercise)."""
    rng = random.Random(seed)
    if len(facts.people) < 2 or not facts.categories or len(facts.years) < 2:
        raise ValueError("the store needs complaints naming at least two people in two years")
    makers = {
        "count": _count, "list": _list, "profile": _profile, "describe": _describe,
        "compare": _compare, "unanswerable": _unanswerable,
    }
    return {
        intent: [makers[intent](facts, rng) for _ in range(per_intent)] for intent in INTENTS
    }


def _when(facts: StoreFacts, rng: random.Random) -> str:
    return rng.choice(["", f" in {rng.choice(facts.years)}"])


def _cat(facts: StoreFacts, rng: random.Random) -> str:
    return rng.choice(facts.categories).lower()


def _count(facts: StoreFacts, rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return rng.choice(ph.COUNT_PERSON).format(who=_who(rng.choice(facts.people), rng),
                                                  when=_when(facts, rng))
    if kind == 1:
        return rng.choice(ph.COUNT_CATEGORY).format(cat=_cat(facts, rng), when=_when(facts, rng))
    if kind == 2:
        return rng.choice(ph.COUNT_ALL).format(when=_when(facts, rng))
    return f"How many complaints by category were received in {rng.choice(facts.years)}?"


def _list(facts: StoreFacts, rng: random.Random) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        return rng.choice(ph.LIST_PERSON).format(who=_who(rng.choice(facts.people), rng),
                                                 when=_when(facts, rng))
    if kind == 1:
        month = rng.choice(["January", "March", "June", "September", "November"])
        return rng.choice(ph.LIST_CATEGORY).format(
            cat=_cat(facts, rng), when=f" in {month} {rng.choice(facts.years)}")
    year = rng.choice(facts.years)
    return rng.choice(ph.LIST_CONDUCT).format(when=f" in {year}", when_bare=f" {year}")


def _profile(facts: StoreFacts, rng: random.Random) -> str:
    who = _who(rng.choice(facts.people), rng)
    return rng.choice([*ph.PROFILE, "Show me the timeline of {who}"]).format(who=who)


def _describe(facts: StoreFacts, rng: random.Random) -> str:
    if not facts.sentences:
        return rng.choice([q for qs in ph.SIMILAR.values() for q in qs])
    text = paraphrase(rng.choice(facts.sentences))
    return rng.choice([
        "Find complaints similar to this: {t}",
        "Are there complaints where {t}?",
        "Describe any complaints in which {t}",
    ]).format(t=text)


def _compare(facts: StoreFacts, rng: random.Random) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        a, b = rng.sample(facts.people, 2)
        return rng.choice(ph.COMPARE_PEOPLE).format(a=_who(a, rng), b=_who(b, rng))
    if kind == 1:
        y1, y2 = sorted(rng.sample(facts.years, 2))
        return rng.choice(ph.COMPARE_YEARS).format(y1=y1, y2=y2)
    c1, c2 = (rng.sample(facts.categories, 2) if len(facts.categories) > 1
              else facts.categories * 2)
    return rng.choice(ph.COMPARE_CATEGORIES).format(c1=c1.lower(), c2=c2.lower(),
                                                    when=_when(facts, rng))


def _unanswerable(facts: StoreFacts, rng: random.Random) -> str:
    if rng.random() < 0.5:  # someone who is not in the records
        name = rng.choice([n for n in ph.UNKNOWN_PEOPLE if n.lower() not in facts.all_names])
        return rng.choice(ph.UNKNOWN_PERSON_QUESTIONS).format(name=name)
    who = _who(rng.choice(facts.people), rng)
    return rng.choice([*ph.PERSONAL, *ph.OPINION]).format(who=who)
