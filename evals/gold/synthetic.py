"""Generate the synthetic gold set from a world's exports and truth.json (never from the store).

    python -m evals.gold.synthetic --world full   # → evals/questions/synthetic-400-7.jsonl
    python -m evals.gold.synthetic --world fast   # → evals/questions/synthetic-200-11.jsonl

Deterministic: the same world gives the same file, byte for byte (tests/test_evals.py checks the
committed files are current). Every question carries a type, a gold answer and gold supporting
record ids; phrasings rotate through evals/gold/phrases.py so no type is one template.
"""

from __future__ import annotations

import argparse
import calendar
import random
from datetime import date
from pathlib import Path
from typing import Any

from evals.gold import phrases as ph
from evals.gold.io import Question, write_questions
from evals.gold.redteam import redteam_questions
from evals.gold.sources import Source

YEARS = [2021, 2022, 2023, 2024, 2025]
RANK_WORD = {"Constable": ["PC", "Constable"], "Sergeant": ["Sergeant", "PS"],
             "Inspector": ["Inspector"], "Chief Inspector": ["Chief Inspector"],
             "Superintendent": ["Superintendent"], "Chief Superintendent": ["Chief Superintendent"]}
When = tuple[str, date | None, date | None]


class Generator:
    def __init__(self, src: Source, seed: str) -> None:
        self.src, self.rng = src, random.Random(seed)
        self.questions: list[Question] = []
        self.turn = 0

    def add(self, type_: str, text: str, gold: dict[str, Any], supporting: set[str],
            tags: list[str]) -> None:
        n = sum(1 for q in self.questions if q.type == type_) + 1
        self.questions.append(Question(f"syn-{type_}-{n:03d}", "synthetic", type_, text,
                                       "investigator", gold, sorted(supporting), tags))

    # how people and periods are said ---------------------------------------------------------

    def who(self, pid: str) -> tuple[str, str]:
        s, src = self.src.staff[pid], self.src
        forms: list[tuple[str, str]] = []
        if src.unique_name(pid):
            forms.append((src.name(pid), "name"))
            for word in RANK_WORD.get(s["rank"], []):
                forms.append((f"{word} {src.name(pid)}", "rank+name"))
        if src.unique_surname(pid) and s["rank"] == "Constable":
            forms.append((f"PC {s['surname']}", "rank+surname"))
        if s["collar_no"]:
            forms += [(f"collar {s['collar_no']}", "collar"),
                      (f"collar number {s['collar_no']}", "collar"),
                      (f"shoulder number {s['collar_no']}", "collar")]
        forms.append((f"payroll number {s['payroll_no']}", "payroll"))
        if s["warrant_no"]:
            forms.append((f"warrant number {s['warrant_no']}", "warrant"))
        self.turn += 1
        return forms[self.turn % len(forms)]

    def when(self, years: list[int] | None = None, allow_all: bool = True) -> When:
        y = self.rng.choice(years or YEARS)
        options: list[When] = [(f" in {y}", date(y, 1, 1), date(y, 12, 31)),
                               (f" during {y}", date(y, 1, 1), date(y, 12, 31))]
        if y < 2025:
            options.append((f" between {y} and {y + 1}", date(y, 1, 1), date(y + 1, 12, 31)))
        if y > 2021:
            options += [(f" since {y}", date(y, 1, 1), None),
                        (f" before {y}", None, date(y - 1, 12, 31))]
        m = self.rng.randint(1, 12)
        month = calendar.month_name[m]
        options += [(f" in {month} {y}", date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])),
                    (f" in the first half of {y}", date(y, 1, 1), date(y, 6, 30))]
        if allow_all:
            options.append(("", None, None))
        return self.rng.choice(options)

    def tpl(self, templates: list[str]) -> str:
        self.turn += 1
        return templates[self.turn % len(templates)]


def officers(src: Source, n: int) -> list[str]:
    ranked = [p for p in src.officers_by_complaints() if p in src.staff]
    return ranked[:n]


def build(src: Source, seed: str, scale: float = 1.0) -> list[Question]:
    g = Generator(src, seed)
    n = lambda k: max(2, round(k * scale))  # noqa: E731 - a local scaling helper
    people = officers(src, n(60))
    # counts --------------------------------------------------------------------------------
    for pid in people[: n(45)]:
        who, tag = g.who(pid)
        years = sorted({src.complaints[c].received.year for c in src.complaints_where(person=pid)})
        text, start, end = g.when(years)
        gold = src.complaints_where(person=pid, start=start, end=end)
        g.add("count", g.tpl(ph.COUNT_PERSON).format(who=who, when=text), {"value": len(gold)},
              gold | {pid} | src.links(gold, pid), [tag, "person"])
    for key, (label, synonyms) in sorted(ph.CATEGORIES.items()):
        for cat in synonyms[: max(1, round(len(synonyms) * scale))]:
            text, start, end = g.when()
            gold = src.complaints_where(labels={label}, start=start, end=end)
            g.add("count", g.tpl(ph.COUNT_CATEGORY).format(cat=cat, when=text),
                  {"value": len(gold)}, gold, ["category", key])
    for _ in range(n(10)):
        text, start, end = g.when(allow_all=False)
        gold = src.complaints_where(start=start, end=end)
        g.add("count", g.tpl(ph.COUNT_ALL).format(when=text), {"value": len(gold)}, gold, ["all"])
    for _ in range(n(6)):
        text, start, end = g.when(allow_all=False)
        gold = {c["record_id"] for c in src.conduct if not c["restricted"]
                and (start is None or c["opened"] >= start) and (end is None or c["opened"] <= end)}
        g.add("count", g.tpl(ph.COUNT_CONDUCT).format(when=text), {"value": len(gold)}, gold,
              ["conduct_case"])
    sick = sorted({a["person"] for a in src.absences})
    for pid in g.rng.sample(sick, min(len(sick), n(8))):
        who, tag = g.who(pid)
        y = g.rng.choice(YEARS)
        gold = {a["record_id"] for a in src.absences if a["person"] == pid and a["start"].year == y}
        g.add("count", g.tpl(ph.COUNT_ABSENCE).format(who=who, when=f" in {y}"),
              {"value": len(gold)}, gold | {pid}, [tag, "absence"])
    # lists ---------------------------------------------------------------------------------
    for pid in people[n(5): n(35)]:
        who, tag = g.who(pid)
        text, start, end = g.when()
        gold = src.complaints_where(person=pid, start=start, end=end)
        g.add("list", g.tpl(ph.LIST_PERSON).format(who=who, when=text),
              {"records": sorted(gold), "kind": "complaint"}, gold | {pid} | src.links(gold, pid),
              [tag, "person"])
    for y in YEARS:
        gold = {c["record_id"] for c in src.conduct if not c["restricted"] and c["opened"].year == y}
        g.add("list", g.tpl(ph.LIST_CONDUCT).format(when=f" in {y}", when_bare=f" {y}"),
              {"records": sorted(gold), "kind": "conduct_case"}, gold, ["conduct_case"])
    for key, (label, synonyms) in sorted(ph.CATEGORIES.items()):
        y, m = g.rng.choice(YEARS), g.rng.randint(1, 12)
        start, end = date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
        gold = src.complaints_where(labels={label}, start=start, end=end)
        text = f" in {calendar.month_name[m]} {y}"
        g.add("list", g.tpl(ph.LIST_CATEGORY).format(cat=g.rng.choice(synonyms), when=text),
              {"records": sorted(gold), "kind": "complaint"}, gold, ["category", key])
    for pid in g.rng.sample(sick, min(len(sick), n(5))):
        who, tag = g.who(pid)
        y = g.rng.choice(YEARS)
        gold = {a["record_id"] for a in src.absences if a["person"] == pid and a["start"].year == y}
        g.add("list", g.tpl(ph.LIST_ABSENCE).format(who=who, when=f" in {y}"),
              {"records": sorted(gold), "kind": "absence"}, gold | {pid}, [tag, "absence"])
    # profiles ------------------------------------------------------------------------------
    for pid in people[: n(40)]:
        who, tag = g.who(pid)
        s = src.staff[pid]
        idents = [f"payroll {s['payroll_no']}"] + ([f"collar {s['collar_no']}"] if s["collar_no"] else [])
        gold = src.complaints_where(person=pid)
        g.add("profile", g.tpl(ph.PROFILE).format(who=who),
              {"records": sorted(gold), "kind": "complaint", "identifiers": idents},
              gold | {pid}, [tag])
    describe(g, src, n)
    compare(g, src, people, n)
    unanswerable(g, src, people, n)
    return g.questions + redteam_questions(src)


def describe(g: Generator, src: Source, n: Any) -> None:
    for p in src.truth["patterns"]:
        visible = {r for r in p["record_ids"] if r.startswith("complaint:")
                   and not src.complaints[r].restricted}
        if p["type"] == "similar_complaints" and visible:
            texts = ph.SIMILAR[p["detail"]["scenario"]]
            for text in texts[: n(len(texts))]:
                g.add("describe", text, {"records": sorted(visible)}, visible,
                      ["find-similar", p["detail"]["scenario"]])
            who, tag = g.who(p["person_ids"][0])
            g.add("describe", f"Has {who} been accused of anything like this: {texts[0][0].lower()}"
                  f"{texts[0][1:]}", {"records": sorted(visible)}, visible | set(p["person_ids"]),
                  ["find-similar", "person", tag])
        if p["type"] == "undeclared_business_interest" and p["detail"]["named_in"] == "complaint" \
                and visible:
            for text in ph.COMPANY[: n(3)]:
                g.add("describe", text, {"records": sorted(visible)}, visible, ["company"])


def compare(g: Generator, src: Source, people: list[str], n: Any) -> None:
    for i in range(n(18)):
        a, b = people[i], people[-1 - i]
        (wa, _), (wb, _) = g.who(a), g.who(b)
        ga, gb = src.complaints_where(person=a), src.complaints_where(person=b)
        g.add("compare", g.tpl(ph.COMPARE_PEOPLE).format(a=wa, b=wb),
              {"values": [len(ga), len(gb)]},
              ga | gb | {a, b} | src.links(ga, a) | src.links(gb, b), ["person"])
    pairs = [(y1, y2) for y1 in YEARS for y2 in YEARS if y1 < y2]
    for y1, y2 in pairs[: n(10)]:
        ga = src.complaints_where(start=date(y1, 1, 1), end=date(y1, 12, 31))
        gb = src.complaints_where(start=date(y2, 1, 1), end=date(y2, 12, 31))
        g.add("compare", g.tpl(ph.COMPARE_YEARS).format(y1=y1, y2=y2),
              {"values": [len(ga), len(gb)]}, ga | gb, ["period"])
    keys = sorted(ph.CATEGORIES)
    for i in range(n(10)):
        k1, k2 = keys[i % len(keys)], keys[(i + 3) % len(keys)]
        (l1, s1), (l2, s2) = ph.CATEGORIES[k1], ph.CATEGORIES[k2]
        text, start, end = g.when(allow_all=True)
        ga = src.complaints_where(labels={l1}, start=start, end=end)
        gb = src.complaints_where(labels={l2}, start=start, end=end)
        g.add("compare", g.tpl(ph.COMPARE_CATEGORIES).format(c1=s1[0], c2=s2[0], when=text),
              {"values": [len(ga), len(gb)]}, ga | gb, ["category"])


def unanswerable(g: Generator, src: Source, people: list[str], n: Any) -> None:
    collars = {s["collar_no"] for s in src.staff.values()}
    payrolls = {s["payroll_no"] for s in src.staff.values()}
    fake_collars = [c for c in ("9991", "9992", "9993", "9994") if c not in collars]
    fake_payrolls = [p for p in ("299991", "299992", "299993") if p not in payrolls]
    asks = [(t.format(name=name), "unknown person")
            for name, t in zip(ph.UNKNOWN_PEOPLE, ph.UNKNOWN_PERSON_QUESTIONS * 2, strict=False)]
    asks += [(ph.UNKNOWN_IDENT_QUESTIONS[i % 3].format(collar=c, payroll=p), "unknown identifier")
             for i, (c, p) in enumerate(zip(fake_collars, fake_payrolls * 2, strict=False))]
    for bank, tag in ((ph.PERSONAL, "personal data"), (ph.OPINION, "opinion"),
                      (ph.PREDICTION, "prediction")):
        asks += [(t.format(who=g.who(people[i % len(people)])[0]), tag) for i, t in enumerate(bank)]
    asks += [(t, "off topic") for t in ph.OFF_TOPIC] + [(t, "absent conduct") for t in ph.ABSENT_CONDUCT]
    for text, tag in asks[: n(len(asks))]:
        g.add("unanswerable", text, {"abstain": True}, set(), [tag])


def main() -> None:
    from evals.world import FAST, FULL

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world", choices=["full", "fast"], default="full")
    parser.add_argument("--source", type=Path, help="exports of the world (default: synthesise)")
    args = parser.parse_args()
    world = FULL if args.world == "full" else FAST
    source = args.source
    if source is None:
        import tempfile

        from ingestion.synth import generate

        source = Path(tempfile.mkdtemp()) / "src"
        generate(people=world.people, seed=world.seed, out=source)
    out = Path(__file__).parents[1] / "questions" / f"{world.name}.jsonl"
    qs = build(Source(source), world.name)
    write_questions(out, qs, {"world": world.name, "people": world.people, "seed": world.seed})
    print(f"{len(qs)} questions → {out}")


if __name__ == "__main__":
    main()
