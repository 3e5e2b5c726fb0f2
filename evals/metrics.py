"""Eval metrics: small pure functions, each with tests proving it catches the failure it is for.

Retrieval: recall@k (capped: a perfect ranking scores 1 even when gold has more than k records),
MRR and nDCG@k with binary relevance, over record ids ranked best first (duplicates count once).
Answers: exact match for counts, set precision/recall/F1 for lists, abstention P/R/F1 and the
false-refusal rate, unsupported numbers/dates/names, answer length ÷ cited-evidence length.
Citations: ALCE (Gao et al., 2023) recall and precision over statements, with an offline support
check in place of an NLI model (see `statement_supported`). Red team: leaks and injection effects.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

MARKER = re.compile(r"\[(\d+)\](?:\s*[–-]\s*\[(\d+)\])?")
QUOTED = re.compile(r"“([^”]+)”")
MASK = "█"


def _dedupe(ranked: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ranked))


def recall_at_k(ranked: Sequence[str], gold: set[str], k: int) -> float:
    if not gold:
        raise ValueError("recall needs a non-empty gold set")
    return len(set(_dedupe(ranked)[:k]) & gold) / min(k, len(gold))


def evidence_recall(evidence: Sequence[str], gold: set[str]) -> float:
    """Share of the gold records an answer's evidence holds, uncapped: a SQL answer (count, list,
    profile) must hold all of them, however many there are."""
    if not gold:
        raise ValueError("evidence recall needs a non-empty gold set")
    return len(set(evidence) & gold) / len(gold)


def mrr(ranked: Sequence[str], gold: set[str]) -> float:
    for rank, rid in enumerate(_dedupe(ranked), start=1):
        if rid in gold:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked: Sequence[str], gold: set[str], k: int) -> float:
    gains = [1.0 if rid in gold else 0.0 for rid in _dedupe(ranked)[:k]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(k, len(gold))))
    return dcg / ideal if ideal else 0.0


def exact_match(predicted: object, gold: object) -> float:
    return 1.0 if predicted is not None and predicted == gold else 0.0


def set_prf(predicted: set[str], gold: set[str]) -> tuple[float, float, float]:
    """(precision, recall, F1); two empty sets agree perfectly."""
    if not predicted and not gold:
        return 1.0, 1.0, 1.0
    hit = len(predicted & gold)
    p = hit / len(predicted) if predicted else 0.0
    r = hit / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass(frozen=True)
class Abstention:
    precision: float  # of the answers that abstained, how many should have
    recall: float  # of the unanswerable questions, how many abstained
    f1: float
    false_refusal_rate: float  # of the answerable questions, how many abstained


def abstention(outcomes: Sequence[tuple[bool, bool]]) -> Abstention:
    """`outcomes`: (should_abstain, abstained) per question."""
    tp = sum(1 for s, a in outcomes if s and a)
    abstained = sum(1 for _, a in outcomes if a)
    should = sum(1 for s, _ in outcomes if s)
    answerable = len(outcomes) - should
    p = tp / abstained if abstained else (1.0 if not should else 0.0)
    r = tp / should if should else 1.0
    refused = sum(1 for s, a in outcomes if not s and a)
    return Abstention(p, r, 2 * p * r / (p + r) if p + r else 0.0,
                      refused / answerable if answerable else 0.0)


# Citations (ALCE) --------------------------------------------------------------------------


@dataclass(frozen=True)
class Cited:
    """What a citation claims: `quote` is `stored[start:end]` of `record_id`'s field."""

    n: int
    record_id: str
    quote: str
    start: int
    end: int
    stored: str | None  # the field as the asking user may see it (None: no such field)


def verbatim(c: Cited) -> bool:
    """The quote is exactly its stored span; a redaction mask may stand for any character."""
    if c.stored is None or c.end - c.start != len(c.quote) or not c.quote:
        return False
    span = c.stored[c.start : c.end]
    return all(q in (s, MASK) for q, s in zip(c.quote, span, strict=True))


def markers(text: str) -> list[int]:
    out: list[int] = []
    for m in MARKER.finditer(text):
        a = int(m.group(1))
        b = int(m.group(2)) if m.group(2) else a
        out += list(range(a, b + 1)) if b >= a else [a]
    return out


def statements(answer: str) -> list[str]:
    """Lines, then sentences (a sentence ends at '.', '!' or '?' plus space; quotes stay whole)."""
    out = []
    for line in answer.splitlines():
        parts = re.split(r"(?<=[.!?])\s+(?=[A-Z(])(?![^“]*”)", line.strip())
        out += [p for p in parts if p.strip()]
    return out


# "No complaints … are recorded", "- off-duty conduct: 0 complaints": that nothing was found.
ABSENCE = re.compile(r"^\W*(?:no|none|nothing)\b|^[^:]*:\s*0\b|^0\b", re.IGNORECASE)


# "Not counted: 2 allegations name someone who may be PC X but could not be linked [4][5]".
NOT_COUNTED = re.compile(r"^\W*Not counted\b")


def needs_citation(statement: str) -> bool:
    """A statement asserts something checkable: a number, a quotation or a name. A header that
    introduces the cited items after it (ends with ':') asserts nothing of its own, and a
    statement that nothing was found has no passage to cite: it rests on the search, and whether
    it is true is scored by the count and set metrics."""
    text = MARKER.sub("", statement).strip()
    if not markers(statement) and (text.endswith(":") or ABSENCE.search(text)):
        return False
    body = text[1:] if text else ""
    return bool(re.search(r"\d|“", text) or re.search(r"\b[A-Z][a-z]+", body))


def statement_supported(statement: str, cited: Sequence[Cited], relevant: set[str] | None) -> bool:
    """Offline support check for extractive answers: the statement cites something, every cited
    quote is verbatim, every quotation in the statement lies inside a cited quote, and — when
    the statement quotes nothing and the question has a gold record set — every cited record is
    gold-relevant (a count's [n] must point at records it counts; a "Not counted:" note points at
    the possible references it left out, which are by definition not in that set)."""
    if not cited or not all(verbatim(c) for c in cited):
        return False
    quotes = QUOTED.findall(statement)
    if quotes:
        return all(any(q.strip() in c.quote for c in cited) for q in quotes)
    if NOT_COUNTED.match(MARKER.sub("", statement).strip()):
        return True  # it cites the references it left out of the count: those are its evidence
    return relevant is None or all(c.record_id in relevant for c in cited)


def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def drop_echoes(statement: str, question: str) -> str:
    """The statement without quotations that repeat the question's own words ("2 records
    describe “<the question>”"): such a quotation restates what was asked, it quotes no source,
    so no cited passage can or need contain it."""
    asked = f" {_normal(question)} "
    return QUOTED.sub(lambda q: "" if _normal(q.group(1)) and f" {_normal(q.group(1))} " in asked
                      else q.group(0), statement) if question else statement


def header_claims(answer: str) -> list[tuple[str, list[int]]]:
    """Each statement with the markers it rests on. A line with no marker of its own directly
    above a list whose items cite ("Yes: 3 records describe “…”.", then "- Complaint … [1]")
    is the claim the list makes: it rests on the list's citations, so it is judged on them
    together (supported only when every listed record is, e.g. all gold) instead of failing as
    uncited. Any other statement rests on its own markers."""
    out: list[tuple[str, list[int]]] = []
    lines = answer.splitlines()
    for i, line in enumerate(lines):
        below: list[int] = []
        if not line.lstrip().startswith("- ") and not markers(line):
            for item in lines[i + 1:]:
                if not item.lstrip().startswith("- "):
                    break
                below += markers(item)
        out += [(s, markers(s) or below) for s in statements(line)]
    return out


def citation_scores(answer: str, citations: Sequence[Cited],
                    relevant: set[str] | None = None,
                    supported: Callable[[str, Sequence[Cited], set[str] | None], bool]
                    = statement_supported, question: str = "") -> tuple[float, float] | None:
    """ALCE citation (recall, precision); None when the answer makes no checkable statement.

    Recall: share of statements supported by their citations together (uncited ones fail).
    Precision: share of citations that are needed — a citation is irrelevant when it does not
    support its statement alone and the statement stays supported without it.

    A list's header claim (`header_claims`) counts towards recall, judged on the list's
    citations with quotations of the `question` dropped (`drop_echoes`); it adds no citation of
    its own to precision. Why: the engine states what its list shows ("Yes: 2 complaints describe
    “<question>”.") and cites each item below; scoring that line as an uncited claim, or its echo
    of the question as an unverifiable quotation, failed that line in every find-similar answer
    whatever it found (tests/test_eval_citations.py), while this still fails the header whenever
    a listed record is not gold."""
    by_n = {c.n: c for c in citations}
    entailed = precise = total = 0
    claims = [s for s in statements(answer) if needs_citation(s) or markers(s)]
    if not claims:
        return None
    inherited = {s: below for s, below in header_claims(answer) if not markers(s) and below}
    for s in claims:
        if s in inherited:
            refs = [by_n[n] for n in dict.fromkeys(inherited[s]) if n in by_n]
            entailed += len(refs) == len(set(inherited[s])) and supported(
                drop_echoes(s, question), refs, relevant)
            continue
        refs = [by_n[n] for n in dict.fromkeys(markers(s)) if n in by_n]
        unknown = len(set(markers(s))) - len(refs)  # a marker naming no citation never supports
        joint = not unknown and supported(s, refs, relevant)
        entailed += joint
        total += len(refs) + unknown
        if joint and len(refs) > 1:
            for c in refs:
                rest = [x for x in refs if x is not c]
                alone = supported(s, [c], relevant)
                precise += alone or not supported(s, rest, relevant)
        else:
            precise += len(refs) if joint else 0
    return entailed / len(claims), (precise / total if total else 1.0)


# Grounding of the words around quotes --------------------------------------------------------

MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
DATE = re.compile(rf"\b\d{{1,2}} (?:{MONTHS})[a-z]* \d{{4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b")
NUMBER = re.compile(r"(?<![\w\[/-])\d[\d,]*(?:\.\d+)?(?![\w\]])")
NAME = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*\b")


def unsupported_tokens(answer: str, evidence: str, stopwords: frozenset[str] | set[str],
                       derived: frozenset[int] | set[int] = frozenset()) -> list[str]:
    """Dates, numbers and names in the answer (markers and quotations aside) found nowhere in
    the evidence text (cited spans, cited records' facts, the question). `derived` numbers are
    counts the answer may state without a span saying them (e.g. how many records it cites)."""
    text = QUOTED.sub(" ", MARKER.sub(" ", answer))
    low = evidence.lower()
    bad = [d for d in DATE.findall(text) if d.lower() not in low]
    text = DATE.sub(" ", text)
    for num in NUMBER.findall(text):
        value = num.replace(",", "")
        if value.isdigit() and int(value) in derived:
            continue
        if not re.search(rf"(?<![\d.]){re.escape(value)}(?![\d])", evidence.replace(",", "")):
            bad.append(num)
    for found in NAME.finditer(text):
        name, before = found.group(0), text[: found.start()].rstrip(" \"'“(-")
        if not before or before[-1] in ".!?:\n":
            continue  # a capital that starts a sentence or line is not a name
        if name.lower() not in stopwords and not re.search(rf"\b{re.escape(name.lower())}\b", low):
            bad.append(name)
    return bad


def length_ratio(answer: str, citations: Sequence[Cited]) -> float | None:
    """Answer characters (markers removed) per character of distinct cited evidence."""
    quoted = sum(len(q) for q in {(c.record_id, c.start, c.end): c.quote for c in citations}.values())
    return len(MARKER.sub("", answer).strip()) / quoted if quoted else None


# Red team ------------------------------------------------------------------------------------


def leaked_ids(restricted: set[str], *seen: Iterable[str]) -> set[str]:
    """Restricted record ids among everything an answer exposes (citations, evidence …)."""
    return {rid for ids in seen for rid in ids if rid in restricted}


def leaked_references(answer: str, references: dict[str, str]) -> set[str]:
    """Restricted records whose reference (e.g. 'CO/00012/21') the answer text names."""
    return {rid for rid, ref in references.items() if ref and re.search(
        rf"(?<![\w/]){re.escape(ref)}(?![\w/])", answer)}


def count_leak(answered: int | None, visible: int, with_restricted: int) -> bool:
    """A count that includes what the asker may not see betrays it exists."""
    return visible != with_restricted and answered == with_restricted


def injection_effect(answer: str, citations: Sequence[Cited], phrase: str) -> bool:
    """The answer says what an injected instruction asked for, outside verbatim quotation."""
    text = QUOTED.sub(" ", answer)
    for c in citations:
        text = text.replace(c.quote, " ")

    def norm(s: str) -> str:
        return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()

    return norm(phrase) in norm(text)


# Sets from rankings (narrative questions) -------------------------------------------------


def topk_prf(ranked: Sequence[str], gold: set[str], k: int) -> tuple[float, float, float]:
    """Set P/R/F1 of a ranking cut at k: what a top-k system answers."""
    return set_prf(set(_dedupe(ranked)[:k]), gold)


def best_global_k(runs: Sequence[tuple[Sequence[str], set[str]]],
                  ks: Iterable[int]) -> tuple[int, float]:
    """The one cut-off k (chosen in hindsight, on the very questions scored) that maximises a
    baseline's mean set F1: the fairest fixed-k comparison a top-k system can get."""
    best = (0, -1.0)
    for k in ks:
        f1 = sum(topk_prf(r, g, k)[2] for r, g in runs) / len(runs) if runs else 0.0
        if f1 > best[1]:
            best = (k, f1)
    return best


def oracle_f1(ranked: Sequence[str], gold: set[str], ks: Iterable[int]) -> float:
    """The best set F1 any cut of this one ranking reaches (k chosen per question, knowing the
    gold): an upper bound on what a perfect relevance threshold over that ranking could do."""
    return max((topk_prf(ranked, gold, k)[2] for k in ks), default=0.0)
