"""The answer service: `Engine.answer(question, user, case_ref) -> Answer`.

CLI, API and UI all call this one function, so understanding, clearance, citation checks and
(later) audit happen in one place. Every answer's citations are re-verified against the store
before it is returned; an answer that fails the check is replaced by an abstention.
"""

from __future__ import annotations

import re
import time
from collections.abc import Set as AbstractSet
from datetime import date
from functools import cached_property

from assistant import catalogue, held_reads, joins, share, store
from assistant.answering import Draft, compare, count_or_list, grouped, profile
from assistant.answers import Answer, User
from assistant.catalogue.link import CatalogueBinder
from assistant.catalogue.quantities import QuantityLabelBinder
from assistant.catalogue.unheld import (
    UnheldValueBinder,
    columns_not_held,
    held_values,
    unheld_values,
)
from assistant.catalogue.wordset import WordSetBinder
from assistant.citations import RecordRef, verify
from assistant.compose import focus
from assistant.conversations import Conversations, with_answer_people
from assistant.facts import noun, person_names, record_facts
from assistant.fit import counted_kind, filter_fits, fit_grouping
from assistant.joins.unjoined import unjoined
from assistant.measures import measured
from assistant.narrative import reading
from assistant.narrative.compose import narrative_draft
from assistant.narrative.search import NarrativeSearch
from assistant.people import StoreDirectory
from assistant.planning import (
    applies,
    find_referenced,
    force_binder,
    label_unapplied,
    missing_reference,
    narrows,
    yes_or_no,
)
from assistant.records import RECORD_KINDS
from assistant.redaction import Redactor
from assistant.refusal import refusal
from assistant.retrieval import Filters, HybridRetriever
from assistant.settings import Settings
from assistant.structured import Scope, UnfitPlan, held_most, where_clause
from assistant.understand import understand
from assistant.understand.accounting import Binder
from assistant.understand.born import BirthBinder
from assistant.understand.date_fields import HeldFields
from assistant.understand.followup import alone, inherit, needs_previous
from assistant.understand.interpret import interpretation
from assistant.understand.models import FieldFilter, QueryPlan
from assistant.understand.numeric import NumericBinder
from assistant.understand.period_gaps import field_runs, period_gaps
from assistant.understand.taxonomy import applies as category_applies
from assistant.understand.weekdays import weekday_text

MAX_QUESTION_CHARS = 2000
NARRATIVE_KINDS = tuple(k for k, m in RECORD_KINDS.items() if m.narrative_fields)
# Words by which a question names a force, besides the force's own name.
FORCE_ALIASES = {
    "philly": "philadelphia",
    "ppd": "philadelphia",
    "copa": "chicago",
    "cpd": "chicago",
}


class QuestionError(ValueError):
    """A question that cannot be asked (empty, too long)."""


class StoreMissing(FileNotFoundError):
    """No records have been ingested into the data dir yet."""



_PERIOD_LEAD = re.compile(r"(?:in|during|within|since|from|before|after|between|until|up to|"
                          r"prior to|outside|not|over|across|throughout)\b", re.I)


def in_period(said: str) -> str:
    """' in 2019' for a period said bare, the words as said when they carry their own
    preposition ('in 2025', 'since March 2020'): never 'complaints in in 2025'."""
    said = said.strip()
    if not said:
        return ""
    return f" {said}" if _PERIOD_LEAD.match(said) else f" in {said}"

class Engine:
    def __init__(self, settings: Settings) -> None:
        if not settings.duckdb_path.is_file():
            raise StoreMissing(
                f"no records in {settings.data_dir}: run `probity demo` or `probity ingest` first"
            )
        self.settings = settings
        self.con = store.connect(
            settings.duckdb_path, read_only=True, memory_limit=settings.duckdb_memory_limit
        )
        held_reads.hold(self.con)  # read-only for the engine's life: whole-table reads once
        self.refresh_links()
        self.forces = {
            f for (f,) in self.con.execute("SELECT DISTINCT force FROM person").fetchall()
        }
        from assistant import manifest  # V5: checked at every engine start

        self.index_problems = [] if settings.chroma_url else manifest.problems(settings, self.con)
        self.catalogue = catalogue.load(self.con)  # once per engine: no per-question scans
        self.aliases = catalogue.load_aliases(self.con)
        self.numeric = catalogue.numeric_fields(self.con)  # fields a comparison may measure
        self.dates = tuple(catalogue.date_fields(self.con))  # dates beyond a record's own
        self.attributes = tuple(catalogue.text_attributes(  # "with a civil suit"
            self.con, self.numeric, list(self.dates)))
        self._binders: dict[bool, list[Binder]] = {}
        self._held: dict[bool, AbstractSet[tuple[str, str, str]]] = {}

    def refresh_links(self) -> None:
        """Review decisions made since the store was written apply to this engine's answers
        at once (resolution/overlay.py); pools call this on every lend."""
        from assistant.resolution import overlay

        overlay.refresh(self.con, self.settings.data_dir)

    def kept(self) -> tuple[object, ...]:
        """What this engine has built, on demand, to keep for its life (binders and held values
        per clearance, the narrative retriever, the store's known complainants, its whole-table
        reads: held_reads): when it changes, the engine pool freezes it out of garbage
        collection (assistant/pool.py)."""
        from assistant.masking.identity import _CACHE as complainants

        return (tuple(sorted(self._binders)), tuple(sorted(self._held)),
                "retriever" in self.__dict__, tuple(map(id, complainants.values())),
                held_reads.kept(self.con))

    def held_values(self, cleared: bool) -> AbstractSet[tuple[str, str, str]]:
        """The catalogue values a reader may see, normalised once per engine (`unheld_values`)."""
        if cleared not in self._held:
            self._held[cleared] = held_values(
                [e for e in self.catalogue if e.n_open > 0 or cleared])
        return self._held[cleared]

    def binders(self, cleared: bool) -> list[Binder]:
        """Store-backed binders for `understand`: force names, then the catalogue's values."""
        if cleared not in self._binders:
            values = CatalogueBinder(self.catalogue, cleared, self.aliases)
            self._binders[cleared] = [
                # "born before 1970": a person's year of birth, kept from the date reader
                BirthBinder(self.numeric + catalogue.birth_dates(self.con)),
                # a held label with a quantity in it ("SUSPENDED OVER 30 DAYS"), before the
                # numeric binder reads its quantity as a comparison on another field
                QuantityLabelBinder(self.catalogue, cleared),
                NumericBinder(self.numeric),  # "more than six hours"
                HeldFields(self.dates, self.attributes),  # "closed in 2021", "with a civil suit"
                force_binder(self.forces, FORCE_ALIASES, values.value_spans),  # "CPD Employee"
                # a value said in another order, before its neighbours
                WordSetBinder(self.catalogue, cleared, self.aliases),
                values,
                # a named place the data does not hold: matches nothing
                UnheldValueBinder(self.catalogue)]
        return self._binders[cleared]

    # Heavy resources load on first semantic question, not at start-up.
    @cached_property
    def retriever(self) -> HybridRetriever:
        from assistant import manifest
        from assistant.embeddings import load_embedder
        from assistant.index.lexical import BM25Index
        from assistant.index.vector import ChromaIndex

        if not self.settings.chroma_url:  # V5: a broken index fails loudly, never "no records"
            manifest.require_whole(self.settings, self.con)
        embedder = load_embedder(self.settings)
        bm25 = BM25Index(self.settings.bm25_path)
        if bm25.exists():
            bm25.load()
        vectors = ChromaIndex(self.settings, embedder, store_id=store.store_id(self.con), lazy=True)
        if self.settings.chroma_url:
            manifest.require_whole(self.settings, self.con, vectors.count())
        return HybridRetriever(self.con, embedder, vectors, bm25)

    def redactor(self, user: User) -> Redactor:
        return Redactor(self.con, active=not user.sees_complainant_details)

    def today(self) -> date:
        return self.settings.today or date.today()

    def plan_forces(self, plan: QueryPlan) -> tuple[str, ...]:
        """The forces a plan is about: named in its question, else inherited by a follow-up."""
        kept = {c.element.split(" = ", 1)[1] for c in plan.claims
                if c.element.startswith("force = ")}
        return self.forces_named(plan.question) or tuple(sorted(kept & self.forces))

    def forces_named(self, question: str) -> tuple[str, ...]:
        words = set(re.findall(r"[a-z]+", question.lower()))
        named = {FORCE_ALIASES.get(w, w) for w in words} & self.forces
        return tuple(sorted(named))

    # The one entry point -------------------------------------------------------------------

    def answer(self, question: str, user: User, case_ref: str | None = None,
               conversation_id: str | None = None) -> Answer:
        started = time.perf_counter()
        question = question.strip()
        if not question:
            raise QuestionError("the question is empty")
        if len(question) > MAX_QUESTION_CHARS:
            raise QuestionError(f"the question is longer than {MAX_QUESTION_CHARS} characters")
        timings: dict[str, float] = {}
        if not user.sees_record_content:
            raise PermissionError(f"the {user.role} role does not see record content")
        directory = StoreDirectory(self.con, cleared=user.cleared_for_restricted)
        # A join question's phrase is claimed first (assistant/joins), before the catalogue
        # could read "PNC" in "searched on PNC without a case" as a filter the join ignores.
        join = joins.match(question, directory)
        conversations = Conversations(self.settings.data_dir)
        previous = (conversations.last_plan(conversation_id, user.name)
                    if conversation_id is not None else None)
        plan = understand(question, self.today(), directory,
                          ([joins.claims(join)] if join else [])
                          + self.binders(user.cleared_for_restricted),
                          # a follow-up's values are read as values of the previous kinds
                          default_kinds=previous.kinds if previous else ())
        if join is not None:  # its threshold ("3 or more") is the join's, not a count per person
            plan = plan.model_copy(update={"min_count": None, "max_count": None,
                                           "group_by": None, "limit": None})
            if plan.intent == "describe":  # the join answers from records, not a text search:
                # a word it left is a constraint not applied, never search text
                plan = plan.model_copy(update={"intent": "list", "unapplied": plan.leftover})
        if join is None:  # "what percentage of …": a numerator over a denominator
            plan = share.read(plan)
        if join is None and (tie := unjoined(plan)):  # "officers who … and also had …"
            plan = plan.model_copy(update={"unapplied": [*plan.unapplied, tie]})
        planner = "deterministic"
        if join is None and self.settings.llm_planner and self.settings.llm_url:
            from assistant.llm.planner import propose_plan  # validated, else the plan above

            plan, planner = propose_plan(plan, self.catalogue, directory,
                                         user.cleared_for_restricted, self.today(), self.settings)
        inherited: list[str] = []
        if conversation_id is not None:  # a follow-up completes itself from the last turn
            plan, inherited = inherit(plan, previous)
        if plan.group_by == "field" and len(plan.group_field_options) > 1 and plan.kinds:
            # "which reason is given most often for overtime": of the fields the word could
            # mean, the one the asked records hold (claim_reason, not the roster's amendments)
            kind = plan.kinds[0]
            scope = Scope(kind=kind, cleared=user.cleared_for_restricted,
                          person_ids=tuple(plan.person_ids), date_from=plan.date_from,
                          date_to=plan.date_to, forces=self.plan_forces(plan),
                          categories=tuple(c for c in plan.categories
                                           if category_applies(c, kind)),
                          filters=tuple(f for f in plan.filters if applies(f, kind)))
            plan = plan.model_copy(update={"group_field": held_most(
                self.con, scope, plan.group_field_options)})
        plan = fit_grouping(self.con, plan)  # a grouping the counted kind lacks: said, not run
        if plan.weekdays and join is not None:  # a join pairs by date, never by day of the week
            said = plan.weekday_text or weekday_text(plan.weekdays)
            plan = plan.model_copy(update={"weekdays": [], "unapplied": [*plan.unapplied, said]})
        timings["understand"] = _ms(started)
        redactor = self.redactor(user)
        applied = self.applied_filters(plan)  # once: the draft and the interpretation share it
        # "what about in 2020?" with no earlier question: said, never answered as if it stood alone
        orphan = needs_previous(plan) if not inherited else None
        try:
            draft = (self.draft(plan, user, redactor, join, applied) if orphan is None else
                     Draft(alone(orphan, conversation_id, previous), abstained=True, unapplied=[orphan],
                           searched="nothing: the question needs the one it follows"))
        except UnfitPlan as e:  # a plan the records cannot carry: said, never a traceback
            draft = Draft(f"This question cannot be answered as it was read: {e}. Nothing is "
                          "guessed in its place; ask it again in other words.", abstained=True,
                          unapplied=plan.unapplied, searched="the records the question names")
        if conversation_id is not None and orphan is None:
            conversations.append(conversation_id, user.name, with_answer_people(
                plan, [c.record_id for c in draft.citations.items],
                lambda ids: person_names(self.con, ids)))
        timings["answer"] = _ms(started) - timings["understand"]
        if self.index_problems:  # narrative questions fail loudly; structured ones say so
            draft.text += (" (The narrative index is unavailable until `probity ingest` repairs "
                           "it, so narrative questions cannot be answered.)")
        problems = verify(self.con, draft.citations.items, redactor.text, read=redactor.known)
        if problems:  # never show an answer whose quotes don't match the records
            draft = Draft(
                f"No answer can be shown: its citations failed verification ({problems[0]}).",
                abstained=True,
            )
        timings["total"] = _ms(started)
        # a narrative answer is read as its search applied it (assistant/narrative/reading.py)
        read_as = (reading.read(plan, NARRATIVE_KINDS).plan(plan) if searches(plan, join)
                   else plan.model_copy(update={"filters": applied}))
        return Answer(
            answer=draft.text,
            abstained=draft.abstained,
            intent=plan.intent,
            citations=draft.citations.items,
            evidence=draft.evidence,
            timings_ms=timings,
            searched=draft.searched,
            backend=draft.backend,
            interpretation=interpretation(read_as, self.plan_forces(plan), draft.unapplied,
                                          inherited)
            + ("" if planner == "deterministic" else f" · planned by: {planner}"),
            unapplied=draft.unapplied,
            conversation_id=conversation_id,
            planner=planner,
        )

    def applied_filters(self, plan: QueryPlan) -> list[FieldFilter]:
        """The plan's field filters the answer applies: a structured answer's, on a kind they
        apply to, on a column the asked forces hold. The rest are reported not applied — and so
        are left out of the interpretation, which must never list them as applied."""
        kinds = [k for k in (plan.kinds or ["complaint"]) if k != "person" or
                 plan.kinds == ["person"]] or ["complaint"]
        if counted := counted_kind(plan):  # a grouped count counts its first kind only
            kinds = [counted]
        unheld = columns_not_held(self.con, plan.filters, self.plan_forces(plan))
        return [f for f in plan.filters if structured(plan) and f not in unheld and any(
            applies(f, k) and filter_fits(k, f) for k in kinds)]

    def draft(self, plan: QueryPlan, user: User, redactor: Redactor,
              join: joins.JoinMatch | None = None,
              applied: list[FieldFilter] | None = None) -> Draft:
        """The plan executed; whatever of it could not be applied is said first (or abstains).
        `join`: the join question `answer` matched (matched once: it reads the store's units and
        systems); `applied`: `applied_filters(plan)` when the caller has it already."""
        if applied is None:
            applied = self.applied_filters(plan)
        unapplied = plan.unapplied + [f.text for f in plan.filters if f not in applied]
        if period_gaps(plan) and (join is not None or not structured(plan)):
            # a join or a narrative search reads one covering span: the time between is in it
            unapplied.append(" / ".join(p.text for p in plan.periods if not p.field) +
                             " as separate periods")
        # a narrative search applies no count threshold per officer: said, and the topic answered
        thresholds = reading.unapplied(plan) if searches(plan, join) else []
        unapplied += thresholds
        draft = self._draft(plan.model_copy(update={"filters": applied}), user, redactor, join)
        if not draft.abstained and (missing := unheld_values(
                applied, (), self.held_values(user.cleared_for_restricted))):
            # "Oldport station": a value the data does not hold — say so, not just "none"
            draft.text += (f"\nThere is no {' or '.join(missing)} in the records you can "
                           "access, so nothing matches it.")
        draft = yes_or_no(draft, plan)
        return label_unapplied(draft, plan, unapplied, narrows(plan, applied) or (
            bool(thresholds) and len(unapplied) == len(thresholds)))

    def _draft(self, plan: QueryPlan, user: User, redactor: Redactor,
               join: joins.JoinMatch | None) -> Draft:
        cleared = user.cleared_for_restricted
        if plan.intent == "unanswerable":
            return Draft(refusal(plan.reasons[0] if plan.reasons else ""), abstained=True)
        if join is not None:
            return self.join(plan, join, cleared, redactor)
        if plan.unresolved_people:
            unknown = ", ".join(f"“{n}”" for n in plan.unresolved_people)
            return Draft(
                f"No one matching {unknown} is in the records you can access, so there is "
                "nothing to answer from.",
                abstained=True,
            )
        if ambiguous := [m for m in plan.people if m.ambiguous and m.role == "officer"]:
            return self.ambiguity(ambiguous[0].text, ambiguous[0].person_ids, cleared)
        person_ids = tuple(plan.person_ids)
        referenced: list[str] = []
        for ref in plan.references:
            if not (found := find_referenced(self.con, ref, cleared)):
                return missing_reference(ref)
            referenced += found
        base = Scope(
            kind=(plan.kinds or ["complaint"])[0],
            cleared=cleared,
            person_ids=person_ids,
            date_from=plan.date_from,
            date_to=plan.date_to,
            categories=tuple(plan.categories),
            said=tuple(w for c, w in plan.category_words.items() if c in plan.categories),
            allegations_named=plan.kinds[:1] == ["complaint"] and "allegation" in plan.kinds,
            findings=tuple(plan.findings),
            forces=self.plan_forces(plan),
            filters=tuple(plan.filters),
            record_ids=tuple(referenced),
            min_people=plan.min_people,
            max_people=plan.max_people,
            mentioned=plan.person_role == "mentioned",
            date_ranges=field_runs(plan),
            gaps=period_gaps(plan),
            weekdays=tuple(plan.weekdays),
        )
        names = person_names(self.con, list(person_ids))
        who = " and ".join(names.get(p, p) for p in person_ids)
        if plan.intent == "compare" and plan.compare:
            return compare(self.con, redactor, plan, base, names)
        if share.asked(plan) and not referenced:
            return share.answer(self.con, redactor, plan, base)
        if referenced:  # named records: listed as they are, whatever else was asked
            kinds = sorted({r.split(":", 1)[0] for r in referenced})
            scopes = [Scope(**{**base.__dict__, "kind": k, "filters": tuple(
                f for f in base.filters if applies(f, k))}) for k in kinds]
            return count_or_list(self.con, redactor, plan, scopes,
                                 listing=plan.intent != "count")
        if plan.measure is not None and plan.intent in ("count", "list"):
            kind = plan.measure.kind  # "total overtime hours": the measured records' own scope
            return measured(self.con, redactor, plan, Scope(**{
                **base.__dict__, "kind": kind, "filters": tuple(
                    f for f in base.filters if applies(f, kind)), "categories": tuple(
                    c for c in base.categories if category_applies(c, kind))}))
        if plan.intent in ("count", "list"):
            if plan.group_by:
                return grouped(self.con, redactor, plan, base)
            kinds = [k for k in (plan.kinds or ["complaint"]) if k != "person" or
                     plan.kinds == ["person"]]  # the staff list itself: "staff at Quayside"
            scopes = [Scope(**{**base.__dict__, "kind": k, "categories": tuple(
                c for c in base.categories if category_applies(c, k)), "filters": tuple(
                f for f in base.filters if applies(f, k))}) for k in kinds]
            return count_or_list(self.con, redactor, plan, scopes, listing=plan.intent == "list")
        if plan.intent == "profile" and person_ids:
            drafts = [profile(self.con, redactor, pid, cleared, base) for pid in person_ids]
            return drafts[0] if len(drafts) == 1 else _join(drafts)
        return self.describe(plan, base, who, redactor)

    def join(self, plan: QueryPlan, join: joins.JoinMatch, cleared: bool,
             redactor: Redactor) -> Draft:
        """A join question (assistant/joins), scoped by the staff and period the rest of the
        question names; a name the join claims (a member of the public searched) is not staff."""
        def claimed(start: int, end: int) -> bool:
            return any(s < end and start < e for s, e in join.spans)

        people = [m for m in plan.people if m.role == "officer" and not claimed(m.start, m.end)]
        unresolved = [n for n in plan.unresolved_people
                      if not any(claimed(m.start(), m.end())
                                 for m in re.finditer(re.escape(n), plan.question))]
        if unresolved:
            names = ", ".join(f"“{n}”" for n in unresolved)
            return Draft(f"No one matching {names} is in the records you can access, so there "
                         "is nothing to answer from.", abstained=True)
        if ambiguous := [m for m in people if m.ambiguous]:
            return self.ambiguity(ambiguous[0].text, ambiguous[0].person_ids, cleared)
        scope = Scope(kind="person", cleared=cleared,
                      person_ids=tuple(dict.fromkeys(p for m in people for p in m.person_ids)),
                      date_from=plan.date_from, date_to=plan.date_to,
                      # a duty type ("overtime") is the join's own; a complaint category is not
                      categories=tuple(c for c in plan.categories
                                       if category_applies(c, "complaint")),
                      findings=tuple(plan.findings),
                      forces=self.plan_forces(plan))
        return joins.answer(self.con, join, scope, redactor)

    def ambiguity(self, text: str, person_ids: list[str], cleared: bool) -> Draft:
        people = StoreDirectory(self.con, cleared).describe(person_ids)
        options = "; ".join(
            f"{p['rank'] + ' ' if p['rank'] else ''}{p['name']} ("
            + ", ".join(f"{k} {v}" for k, v in sorted(p["identifiers"].items()))
            + ")"
            for p in people.values()
        )
        return Draft(
            f"“{text}” matches {len(people)} people: {options}. Ask again with a collar "
            "number or full name; no answer is guessed.",
            abstained=True,
        )

    # Semantic path ---------------------------------------------------------------------------

    def describe(self, plan: QueryPlan, base: Scope, who: str, redactor: Redactor) -> Draft:
        """A narrative search: every filter its reading lists (assistant/narrative/reading.py)
        is applied inside retrieval, as the records the search may consider."""
        read = reading.read(plan, NARRATIVE_KINDS)
        kinds, filed, topic = read.kinds, read.filed, read.topic
        record_ids = None
        if base.person_ids or filed or base.date_ranges or base.min_people is not None or \
                base.max_people is not None:
            record_ids = tuple(sorted({rid for kind in kinds
                                       for rid in self._records_of(kind, base, filed)}))
        filters = Filters(
            cleared=base.cleared,
            forces=base.forces,
            kinds=kinds,
            record_ids=record_ids,
            date_from=base.date_from,
            date_to=base.date_to,
        )
        scope = "".join(
            x
            for x in (
                (f" mentioning {who}" if base.mentioned else f" against {who}") if who else "",
                in_period(plan.date_text),
            )
        )
        kinds_text = ", ".join(noun(k, 2) for k in kinds)
        query_text = _without_forces(focus(topic), base.forces)
        # Quotes come back as stored: narrative_draft masks only those its first page shows.
        found = self.narratives.search(query_text, plan.question, filters,
                                       Redactor(self.con, active=False))
        searched = (f"{found.decision.searched} narratives of {kinds_text}{scope}"
                    f"{' in ' + ', '.join(base.forces) if base.forces else ''}")
        return narrative_draft(self.con, plan.question, topic, kinds, found, searched, redactor,
                               self._llm(plan.question, filters, redactor, found.record_ids))

    @cached_property
    def narratives(self) -> NarrativeSearch:
        return NarrativeSearch(self.retriever)

    def _llm(self, question: str, filters: Filters, redactor: Redactor,
             members: list[str]) -> Draft | None:
        """The optional LLM's wording of the set (None: keep the extractive answer). It sees the
        members only, so it cannot name a record outside the set."""
        if not self.settings.llm_url or not members:
            return None
        from dataclasses import replace

        from assistant.llm import llm_answer

        hits = self.retriever.search(question, replace(filters, record_ids=tuple(members)),
                                     k=len(members))
        redactor.prefetch([(h.record_id, h.field) for h in hits])
        for hit in hits:
            hit.text = redactor.text(hit.record_id, hit.field, hit.text, hit.start)
        facts = record_facts(self.con, sorted({h.record_id for h in hits}))
        generated = llm_answer(question, hits, facts, self.retriever.embedder, self.settings)
        if generated is None:  # keep the extractive answer (the reason is logged)
            return None
        return Draft(generated.text, generated.citations, backend="llm")

    def _records_of(self, kind: str, base: Scope, filed: dict[str, str] | None = None
                    ) -> list[str]:
        """The records of `kind` naming (or mentioning, as asked) the base's people, in its
        periods of another date and its bounds of officers per record, of the `filed` categories
        (category → the words said for it) when given."""
        categories = tuple(c for c in filed or {} if category_applies(c, kind))
        if filed and not categories:
            return []  # a kind the named category does not apply to holds none of its records
        scope = Scope(
            kind=kind, cleared=base.cleared, person_ids=base.person_ids, forces=base.forces,
            categories=categories, said=tuple((filed or {})[c] for c in categories),
            mentioned=base.mentioned, date_ranges=base.date_ranges,
            min_people=base.min_people, max_people=base.max_people,
        )
        where, params, _ = where_clause(self.con, scope)
        return [
            r
            for (r,) in self.con.execute(
                f"SELECT record_id FROM {kind} t WHERE {where}", params
            ).fetchall()
        ]

    def close(self) -> None:
        self.con.close()


def structured(plan: QueryPlan) -> bool:
    """Whether the plan is answered from the records' fields (its filters and gaps applied)."""
    return plan.intent in ("count", "list", "compare") or bool(plan.references)


def searches(plan: QueryPlan, join: joins.JoinMatch | None) -> bool:
    """Whether the plan is answered by a narrative search (`Engine.describe`): a named record
    is listed as it is, and a join answers its own relation, whatever the intent."""
    return plan.intent == "describe" and not plan.references and join is None


def _without_forces(query: str, forces: tuple[str, ...]) -> str:
    """The search text without the forces it is already filtered to: 'off-duty Philadelphia
    officers' searches for off-duty officers in Philadelphia's records, not for 'Philadelphia'."""
    if not forces:
        return query
    words = [w for w in query.split()
             if FORCE_ALIASES.get(k := w.lower().strip(".,;:?!'\"()"), k) not in forces]
    return " ".join(words) if words else query


def _join(drafts: list[Draft]) -> Draft:
    """Several profiles in one answer, renumbering each one's citations."""
    out = Draft("")
    texts = []
    for d in drafts:
        mapping: dict[int, int] = {}
        for c in d.citations.items:
            ref = RecordRef(c.record_id, c.kind, c.source)
            mapping[c.n] = out.citations.add(ref, c.field, c.start, c.end, c.quote)

        def renumber(m: re.Match[str], new: dict[int, int] = mapping) -> str:
            return f"[{new[int(m.group(1))]}]"

        texts.append(re.sub(r"\[(\d+)\]", renumber, d.text))
        out.evidence += d.evidence
    out.text = "\n\n".join(texts)
    return out


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 1)
