"""The interpretation line: how the question was read, in one human-readable line.

Why: an investigator must see what was actually answered — "Read as: complaints · category = use
of force · received in 2021 → count" — and what was not applied, so a broader answer is never
mistaken for the one asked. Every `Answer` carries this line (CLI, API, UI).
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from assistant.records import RECORD_KINDS

from .indicators import indicator_text
from .models import OFFICER_KIND, FieldFilter, QueryPlan, describes_accused
from .numeric import NUMERIC_OPS, comparison_text
from .period_gaps import field_runs, period_gaps, pieces
from .weekdays import weekday_text

# How "complaints naming three or more officers" counts officers (assistant/structured.py
# people_per_record), said in the interpretation of every such answer.
UNIDENTIFIED_RULE = ("an officer counts by id, else by the name or initials given; a complaint's "
                     "allegations that identify no officer count as one unidentified officer")

PLURAL = {"complaint": "complaints", "allegation": "allegations", "conduct_case": "conduct cases",
          "duty_shift": "duty records", "system_access": "system searches",
          "absence": "absences", "declaration": "declarations", "intel_report": "intel reports",
          "membership": "membership list entries", "document": "documents",
          "person": "people"}
DATE_VERB = {"received_date": "received", "opened_date": "opened", "shift_date": "worked",
             "accessed_at": "searched", "start_date": "starting", "declared_date": "declared",
             "report_date": "reported", "list_date": "listed"}


def period(date_from: date | None, date_to: date | None) -> str:
    if date_from and date_to:
        if (date_from.month, date_from.day, date_to.month, date_to.day) == (1, 1, 12, 31):
            years = f"{date_from.year}" if date_from.year == date_to.year else \
                f"{date_from.year}–{date_to.year}"
            return f"in {years}"
        if date_from.day == 1 and (date_from.year, date_from.month) == \
                (date_to.year, date_to.month) and \
                date_to.day == calendar.monthrange(date_to.year, date_to.month)[1]:
            return f"in {date_from:%B %Y}"
        return f"{date_from.isoformat()} to {date_to.isoformat()}"
    if date_from:
        return f"since {date_from.isoformat()}"
    return f"up to {date_to.isoformat()}" if date_to else ""


# "Has PC Smith had any complaints?", "Are there complaints about …?": yes or no, with the count.
# "Did …?", also after a leading phrase set off by a comma ("In 2021, did …", "On 25/12/2025,
# was there …")
YES_NO = re.compile(r"^\W*(?:[^,?]{1,40},\s*)?(?:is|are|was|were|has|have|had|did|does|do)\b",
                    re.I)


def is_yes_no(plan: QueryPlan) -> bool:
    return plan.intent in ("count", "list") and not plan.group_by and not plan.compare and \
        bool(YES_NO.match(plan.question))


def operation(plan: QueryPlan) -> str:
    if plan.measure is not None and plan.intent in ("count", "list"):
        what = f"{'sum' if plan.measure.op == 'sum' else 'average'} of " \
               f"{plan.measure.field.replace('_', ' ')}"
        if not plan.group_by:
            return what
        shape = f"{'bottom' if plan.ascending else 'top'} {plan.limit} " if plan.limit else ""
        return f"{shape}{what} per {(plan.group_field or plan.group_by).replace('_', ' ')}"
    if any(c.element.startswith("share: ") for c in plan.claims):  # assistant/share.py
        return "share (numerator count / denominator count)"
    if is_yes_no(plan):
        return "exists (yes/no, with the count)"
    if plan.intent == "compare":
        return "compare " + " vs ".join(c.text for c in plan.compare)
    if plan.intent == "describe":
        return f"search narratives for “{plan.topic_text}”" if plan.topic_text else \
            "search narratives"
    if plan.intent in ("count", "list") and plan.group_by:
        shape = f"{'bottom' if plan.ascending else 'top'} {plan.limit} " if plan.limit else ""
        valued = f" (only records whose {plan.group_field.replace('_', ' ')} is recorded)" \
            if plan.group_valued and plan.group_field else ""
        what = "distinct officers" if plan.count_people else "count"
        by = "day of the week" if plan.group_by == "weekday" else \
            (plan.group_field or plan.group_by).replace('_', ' ')
        return f"{shape}{what} per {by}{valued}"
    return plan.intent


def _said(canonical: str, words: str) -> str:
    """' (“physical abuse”)': the question's own words when they differ from the category, so
    the reader sees what their words were read as."""
    same = re.sub(r"\W+", " ", words.lower()).strip() in ("", canonical.lower())
    return "" if same else f" (“{words}”)"


def counts_officers(plan: QueryPlan) -> bool:
    """Whether the answer counts, lists or ranks officers (or the units of the officers it
    counts): then a filter on what the accused was picks the officers counted."""
    return plan.group_by in ("person", "unit") and plan.intent in ("count", "list")


def _filter_said(f: FieldFilter, officers: bool) -> str:
    """'officer unit = 5300 HIGHWAY PATROL' (records naming such an officer), or, when officers
    are counted, 'officers whose unit is 5300 HIGHWAY PATROL' (each officer counted is one)."""
    field = f.field.replace("_", " ")
    values = " or ".join(f.values)  # alternatives: a record holds one of them
    if officers and describes_accused(f):
        field = re.sub(r"^officer\s+", "", field)  # "officer gender": their gender
        return f"officers whose {field} is {values}" if f.op == "in" else \
            f"officers with a {field} recorded"
    if f.op == "in" and (flag := indicator_text(f.field, f.values)):
        return flag  # "foot chase: yes", not the export's "foot chase i = Y"
    return f"{'officer ' if f.kind == OFFICER_KIND else ''}{field} = {values}"


def interpretation(plan: QueryPlan, forces: tuple[str, ...] = (),
                   unapplied: list[str] | None = None, inherited: list[str] | None = None) -> str:
    """'Read as: complaints · category = use of force · received in 2021 → count'."""
    if plan.intent == "unanswerable":
        return "Read as: a question the records cannot answer"
    kinds = plan.kinds or (["complaint"] if plan.intent != "profile" else [])
    parts = [" + ".join(PLURAL.get(k, k) for k in kinds) or "everything about the person"]
    parts += [f"{r.kind.replace('_', ' ') or 'record'} = {r.value}" for r in plan.references]
    parts += [f"force = {f}" for f in forces]
    for m in plan.people:
        who = "officer" if m.role == "officer" else "subject"
        if who == "officer" and plan.person_role == "mentioned":
            who = "mentions officer"
        parts.append(f"{who} = {m.text}" + (" (ambiguous)" if m.ambiguous else ""))
    parts += [f"subject = {s}" for s in plan.subjects]
    # a narrative answer's plan lists only what its search filtered on; the words it searches the
    # text for are its topic (assistant/narrative/reading.py)
    parts += [f"category = {c}" + _said(c, plan.category_words.get(c, ""))
              for c in plan.categories]
    parts += [f"finding = {f}" + _said(f, plan.category_words.get(f, ""))
              for f in plan.findings]
    parts += [comparison_text(f) if f.op in NUMERIC_OPS else _filter_said(f, counts_officers(plan))
              for f in plan.filters]
    # a join question (assistant/joins) says its relation: the records of both kinds it matches
    parts += list(dict.fromkeys(c.element for c in plan.claims if c.element.startswith("join: ")))
    if plan.date_from or plan.date_to or period_gaps(plan):  # "before 2015 or after 2018"
        fields = {RECORD_KINDS[k].date_field for k in kinds}  # kinds of other dates: "dated"
        verb = DATE_VERB.get((fields.pop() or "") if len(fields) == 1 else "", "dated")
        parts.append(f"{verb} " + " or ".join(  # "received in 2016 or in 2018": not 2017
            period(a, b) for a, b in pieces(plan.date_from, plan.date_to, period_gaps(plan))))
    if plan.weekdays:  # "received on a Saturday or Sunday": the record's own date
        fields = {RECORD_KINDS[k].date_field for k in kinds}
        verb = DATE_VERB.get((fields.pop() or "") if len(fields) == 1 else "", "dated")
        said = weekday_text(plan.weekdays)
        if plan.date_from or plan.date_to or period_gaps(plan):
            parts[-1] += f" {said}"
        else:
            parts.append(f"{verb} {said}")
    runs = field_runs(plan)  # "incident up to 2020-12-31 or since 2024-01-01", "closed in 2021"
    parts += [f"{name.replace('_date', '').replace('_', ' ')} "
              + " or ".join(period(a, b) for n, a, b in runs if n == name)
              for name in dict.fromkeys(n for n, _, _ in runs)]
    if plan.min_people is not None:
        parts.append(f"officers named per record ≥ {plan.min_people}")
    if plan.max_people is not None:
        parts.append(f"officers named per record ≤ {plan.max_people}")
    if plan.min_people is not None or plan.max_people is not None:
        parts.append(f"({UNIDENTIFIED_RULE})")
    if plan.min_count is not None:
        parts.append(f"at least {plan.min_count} per {plan.group_by or 'group'}")
    if plan.max_count is not None:
        parts.append(f"at most {plan.max_count} per {plan.group_by or 'group'}")
    line = "Read as: " + " · ".join(parts) + f" → {operation(plan)}"
    if inherited:
        line += f" (from the conversation: {', '.join(inherited)})"
    if unapplied:
        line += " · NOT applied: " + ", ".join(f"‘{u}’" for u in unapplied)
    return line
