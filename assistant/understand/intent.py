"""What kind of answer a question wants, and how results are shaped (group, limit, thresholds).

`detect_intent` reads the question with people and dates already masked and applies, in order:
unanswerable (opinions, predictions, personal data we don't hold, general knowledge) → compare
(only when two or more people/periods/categories are present; decided in plan.py) → count →
profile (needs a person) → describe (strong cues: "similar to", "what happened", "where an
officer…") → list → fallback (leftover topic words → describe; a bare person → profile; else list).
"""

from __future__ import annotations

import re

from .lexicon import MASK, NUMBER_WORDS

_WORD_NUMS = [w for w in NUMBER_WORDS if " " not in w and w not in ("a", "an", "several")]
_NUM = r"(?:\d+|" + "|".join(_WORD_NUMS) + ")"

UNANSWERABLE: dict[str, list[str]] = {
    "an opinion or judgement, which records cannot give": [
        r"\bdo you (?:think|believe|reckon|feel)\b", r"\bin your (?:opinion|view)\b",
        r"\byour (?:opinion|view|thoughts|take)\b", r"\bcan (?:we|i) trust\b",
        r"\bshould (?:we|i|they|he|she|the \w+)\s+(?:be\s+)?(?:trust|sack|fire|dismiss|suspend|"
        r"discipline|promote|worry|believe|charge|prosecute)\w*",
        r"^\W*(?:is|was|are|were)\b(?!\s+there\b)(?:(?!\bfound\b).){0,80}?\b(?:guilty|innocent|"
        r"corrupt|crooked|bent|trustworthy|honest|dishonest|a liar|lying|racist|sexist|dangerous|"
        r"violent|an? (?:good|bad|decent|rogue) (?:officer|cop|person|copper)|fit to serve|"
        r"reliable|telling the truth|to blame|at fault)\b",
        r"\b(?:worst|best|most (?:corrupt|dangerous|violent|trustworthy|honest|dishonest))\s+"
        r"(?:officer|cop|constable|sergeant|detective|person|copper)s?\b",
        r"\bbad apples?\b", r"\bdeserve[sd]?\b", r"\bwhat (?:sanction|punishment) should\b",
        r"\bwho is to blame\b", r"\bis it (?:fair|right|ok)\b"],
    "a prediction, which records cannot give": [
        r"\bwill\b(?!\s+you\b)", r"\bgoing to\b", r"\blikely to\b", r"\blikelihood\b",
        r"\bpredict\w*", r"\bforecast\w*", r"\bprobability\b", r"\bchances?\s+(?:of|that)\b",
        r"\bin the future\b", r"\bnext (?:year|month|week|quarter)\b", r"\bre-?offend\w*"],
    "personal information the records do not hold": [
        r"\bhome address", r"\b(?:his|her|their)\s+address\b", r"'s\s+(?:home\s+)?address\b",
        r"\bwhere (?:does|do|did)\b.{0,40}\blives?\b", r"\b(?:phone|mobile|telephone)\s+numbers?\b",
        r"\bsalary\b", r"\bhow much (?:does|do|did)\b.{0,40}\b(?:earn|paid)\b",
        r"\bbank (?:account|details)\b", r"\breligio\w*", r"\bsexual orientation\b",
        r"\bsexuality\b", r"\bpolitic(?:al|s)\b", r"\bvot(?:e|es|ed|ing) for\b",
        r"\b(?:is|was|are)\b.{0,40}\bmarried\b",
        r"\b(?:who|what) (?:is|are)\b.{0,40}'s\s+(?:wife|husband|spouse|partner|girlfriend|"
        r"boyfriend|family|children|kids|parents)\b", r"\bnational insurance\b", r"\bpassport\b",
        r"\bpassword\b", r"\bsocial media (?:account|profile|handle)s?\b", r"\bwhat car\b",
        r"\bdate of birth\b", r"\bnext of kin\b", r"\bmedical (?:history|records?)\b",
        r"\bdiagnos\w*"],
    "a question outside the records": [
        r"\bweather\b", r"\brecipes?\b", r"\bcapital (?:city )?of\b", r"\b(?:stock|share) (?:price|"
        r"market)\b", r"\b(?:football|soccer|cricket|basketball|baseball|rugby)\b", r"\bwho won\b",
        r"\bjokes?\b", r"\bpoem\b", r"\b(?:prime minister|president of)\b", r"\bwhat time is it\b",
        r"\bmeaning of life\b", r"\bbitcoin\b", r"\btranslate\b", r"\blottery\b", r"\bhoroscope\b",
        r"\bwrite (?:me )?(?:an? )?(?:essay|story|poem|song|email|letter)\b"],
}
CUES: dict[str, list[str]] = {
    "count": [r"\bhow many\b",
              # "Number of 2017 complaints": the date "of 2017" is masked before cues are read
              r"\bnumber\s+(?:of\b|" + MASK + ")", r"\bcount(?:s|ing)?\b", r"\btotal\b",
              r"\bhow often\b", r"\bhow frequently\b", r"\btally\b", r"\bhow much\b",
              r"\bfrequency\b", r"\bstatistics?\b", r"\bbreak\s?down\b", r"\bbroken down\b",
              # "break the 2020 complaints down by status": the verb split around its object
              r"\bbreak(?:s|ing)?\b[^.?!]{1,80}?\bdown\s+(?:by|per|into)\b",
              r"\bsplit\b[^.?!]{0,80}?\b(?:up\s+)?by\b"],
    "profile": [r"\btell me (?:about|everything)\b", r"\bprofile\b", r"\bhistory\b",
                r"\btimeline\b", r"\bsummar(?:y|ise|ize)\b", r"\boverview\b", r"\bbackground\b",
                r"\bwho is\b", r"\bwhat do (?:we|you) (?:know|have|hold)\b",
                r"\beverything (?:about|on|we have)\b", r"\bdossier\b", r"\brecord of\b",
                r"\b(?:full|complete|whole|entire) (?:record|picture|history|file)\b",
                r"'s (?:record|file|history|background)\b", r"\banything (?:on|about)\b",
                r"\bwhat has\b.{0,40}\b(?:been up to|been involved in|done)\b", r"\bbrief me\b",
                r"\bpull up\b", r"\blook into\b"],
    "describe": [r"\bsimilar\b", r"\blike (?:the|this|that|one|those)\b", r"\bresembl\w*",
                 r"\bdescrib\w*", r"\bwhat happened\b", r"\bnarratives?\b",
                 r"\bwhere (?:an?|the|some|someone|somebody|officers?|police|they|he|she|it)\b",
                 r"\bin which\b", r"\bmention\w*", r"\balleg(?:e|es|ed|ing)\b", r"\bexplain\b",
                 r"\bwhat (?:was|were|is) .{0,40}\babout\b", r"\bwhat did\b", r"\bcontain\w*",
                 r"\bthat (?:say|says|said|describe|talk|refer)\w*", r"\b(?:complaints?|reports?|accounts?|records?)\s+(?:say|says|said|describing)\b", r"\baccus\w*.{0,30}\bof\b",
                 r"\bdetails? (?:of|about|on)\b", r"\bhow did\b", r"\bwhy\b"],
    "list": [r"\blist\w*", r"\bshow\b", r"\bwhich\b", r"\bwhat (?:complaints|allegations|records|"
             r"cases|shifts|searches|lookups|absences|declarations|reports|intel)\b",
             r"\bgive me\b", r"\bdisplay\b", r"\benumerate\b", r"\bname (?:the|all)\b"],
    # Weak: a list unless free-text topic words remain, then it is a search (describe).
    "weak_list": [r"\b(?:are|were|is|was) there\b", r"\bany\b", r"\ball\b", r"\bwho\b",
                  r"\bwhen\b", r"\bget\b", r"\bfetch\b", r"\bpull\b", r"\bfind\b", r"\bdid\b",
                  r"\bdoes\b", r"\bhas\b", r"\bhave\b", r"\bwas\b", r"\bwere\b"],
}
# Describe cues that also phrase a plain filter ("which complaints alleged data misuse in July"):
# they make a search only when topic words other than the cue itself remain. "Mention" is not
# one: "which complaints mention a taser" asks what the narratives say, not for a field value.
WEAK_DESCRIBE = re.compile(r"alleg\w*|accus\w*(?:.{0,30}\bof)?", re.I)
RANKING = re.compile(r"\b(?:the\s+)?(?:most|fewest|highest|lowest|largest|greatest|peak|busiest|top|tops|"
                     r"topped|led|leads|leading|rank(?:ed|ing)?(?=\s+(?:them|these|those|the|all|"
                     r"every|each|by)\b))\b|^\W*(?:please\s+)?rank\b", re.I)
COMPARE_CUE = re.compile(
    r"\b(?:compar(?:e|ed|ing|ison)|vs\.?|versus|difference between|differ\w*)\b"
    r"|\b(?:more|fewer|less|higher|lower|greater|bigger|smaller|worse|better)\b(?:(?!\bthan\b).)"
    rf"{{0,60}}?\bthan\b(?!\s+(?:{_NUM}|a\s+(?:few|dozen|couple)|average|usual|normal|expected)\b)"
    r"|\b(?:who|which)\b.{0,60}\b(?:more|fewer|most|fewest|less)\b.{0,80}\bor\b"
    # "which district, 18 or 15, drew more …": the alternatives before the measure
    r"|\b(?:who|which)\b[^?.]{0,40}\bor\b[^?.]{0,40}\b(?:more|fewer|less)\b(?!\s+than)"
    # "15 or 18: which district drew more …", "A, B or C — which had the most?", "which of
    # districts 12, 15 and 18 saw the most …": the alternatives said before the question
    r"|\bor\b[^?.]{0,60}\b(?:who|which)\b[^?.]{0,40}\b(?:more|fewer|less)\b(?!\s+than)"
    r"|\b(?:or|and)\b[^?.]{0,60}\bwhich\s+(?:one\s+)?(?:had|has|drew|saw|got|received|logged|"
    r"recorded|was|were)\b[^?.]{0,20}\b(?:more|fewer|less|most|fewest)\b"
    r"|\bwhich\s+of\b[^?.]{0,80}\b(?:more|fewer|less|most|fewest)\b"
    # "how did they split between self-certified and fit note", "divided between A and B",
    # "how many A and how many B": two values of one field, each counted alone
    r"|\b(?:split|splits|divided|divide|divides)\b[^?.]{0,60}?\bbetween\b"
    r"|\bhow\s+many\b[^?.]{1,60}\band\s+how\s+many\b"
    # "set districts 15 and 18 side by side on …", "put them side by side"
    r"|\b(?:(?:set|put|place|lay)\s+(?:[\w.'-]+\s+){0,6}?)?side[\s-]+by[\s-]+side\b"
    # "were there more complaints in 2021 or in 2022?", "did X receive more … or …?"
    r"|^(?:[^,?]{0,40},\s*)?\W*(?:were|was|did|do|does|is|are|has|have|had)\b.{0,60}"
    r"\b(?:more|fewer|less)\b"
    r"(?!\s+than)(?!\s+(?:of|or)\b).{0,80}\bor\b"
    # "did the 9th district or the 12th see more …?": the alternatives first, then the measure
    r"|\b(?:did|do|does|were|was|is|are|has|have|had)\b[^?.]{0,80}\bor\b[^?.]{0,60}"
    r"\b(?:more|fewer|less|higher|lower)\b(?!\s+than)", re.I)
CHANGE_CUE = re.compile(
    r"\b(?:increase[sd]?|decrease[sd]?|rise|rose|risen|(?:fall|fell|fallen)(?!\s+(?:under|"
    r"within|into|in|outside)\b)|drop(?:ped)?|"
    r"go(?:ne)? (?:up|down)|went (?:up|down)|change[sd]?|grow|grew|grown)\b", re.I)

# A word between "which"/"list the" and "officers" that says which officers ("Highway",
# "female", "off-duty"), not a record kind or a verb ("which complaints named officers").
# "which unit's officers" ranks units, not officers (a possessive or another group's noun).
OFFICER_WORD = (r"(?!(?:complaints?|allegations?|cases?|records?|of|did|do|does|were|was|had|have|"
                r"has|are|is|the|a|an|and|or|with|by|in|on|for|against|named|naming|units?|teams?|"
                r"stations?|districts?|beats?|years?|months?|categor(?:y|ies))\b)[\w.-]+(?!['\w])")
GROUP_BY: dict[str, list[str]] = {
    "year": ["by year", "per year", "each year", "every year", "year by year", "year on year",
             "yearly", "annually", "annual", "per annum", "over time", "over the years", "which year*",
             "what year*", "trend*"],
    "month": ["by month", "per month", "each month", "every month", "month by month",
              "month on month", "monthly", "which month*", "what month*"],
    "weekday": ["by weekday", "per weekday", "each weekday", "which weekday*", "what weekday*",
                "which day of the week", "what day of the week", "which day of week",
                "what day of week", "day of the week", "day of week", "days of the week"],
    "category": ["by category", "per category", "each category", "by type", "per type",
                 "each type", "by allegation type", "by complaint type", "per complaint type",
                 "each complaint type", "by classification", "per classification",
                 "each classification", "which classification*", "which categor*",
                 "what categor*", "which type*", "what type*", "what kind*", "which kind*",
                 "most common categor*", "most common type*", "most common allegation*",
                 "most common complaint*"],
    "person": ["per officer", "by officer", "each officer", "per person", "by person",
               "each person", "which officer*", "what officer*", "who has the most",
               "who had the most", "who received the most", "who got the most", "who has more",
               "who had more", "officers with the most", "officers with more than",
               "officers who have", "which staff",
               "which members of staff", "by staff member",
               "per staff member",
               r"re:\bmost[\s-]+complained[\s-]+about\s+(?:[\w.]+\s+)?officers?\b", "top officer*",
               r"re:(?<!\w)top\s+(?:\d+|\w+)\s+(?:[\w.]+\s+)?(?:officer|people|person|staff|"
               r"constable|sergeant|detective)s?(?!\w)",
               # "who was named in the most complaints", "who has submitted the most claims",
               # "who is named in more complaints than anyone else": a ranking of people
               r"re:\bwho\b(?:\s+(?!or\b|and\b)[\w-]+){0,4}?\s+the\s+(?:most|fewest)\b",
               r"re:\bwho\b.{0,60}\bmore\b.{0,40}\bthan\s+any(?:one|body)?\s*(?:else|other)\b",
               r"re:\bname\s+the\s+(?:[\w.]+\s+)?(?:officer|person|member of staff)\b"
               r"(?=.{0,60}\b(?:most|more\b.{0,40}\bthan\s+any))",
               "which sergeant*", "which constable*", "which detective*",
               "which inspector*", "which member* of staff", "which staff member*",
               # "which Philadelphia officer", "which PPD officers": a force's name between
               r"re:\b(?:which|what)\s+(?!complaints?\b|allegations?\b|of\b)[\w.]+\s+"
               r"officers?\b",
               # "which Highway Patrol officers", "list the female officers": words saying which
               # officers (left for the data's values to bind: plan._grouping) before the noun
               rf"re:\b(?:which|what|(?:list|name|show)\s+(?:me\s+)?(?:all\s+)?(?:of\s+)?the)\s+"
               rf"(?:{OFFICER_WORD}\s+){{1,3}}officers\b"],
    "unit": ["by unit", "per unit", "each unit", "which unit*", "what unit*", "by team", "per team",
             "which team*", "by station", "per station", "which station*", "by department",
             # "which Philadelphia unit", "what COPA team": a force's name between
             r"re:\b(?:which|what)\s+[\w.]+\s+(?:unit|station|team)s?\b", "which department*",
             "by division", "per division", "by command", "by borough"],
    # the records' own district (where a complaint arose), not the officer's unit
    "district": ["by district", "per district", "each district", "which district*",
                 "what district*", "by beat", "per beat", "which beat*",
                 # "which police district", not "what about district 19"
                 r"re:\b(?:which|what)\s+(?!about\b|of\b)[\w.]+\s+(?:district|beat)s?\b"],
    "finding": ["by finding", "per finding", "by outcome", "per outcome", "by result",
                "which finding*", "what finding*", "what outcome*", "outcomes of",
                "by disposition", "each finding", "every finding",
                # "by investigative finding", "by their finding"
                r"re:\bby\s+(?:their\s+|the\s+|its\s+)?(?:investigative|investigation)\s+"
                r"(?:findings?|outcomes?)\b"],
    "status": ["by status", "per status", "each status", "every status", "which status*",
               "what status*", "by current status", "per current status",
               "each current status"],
}
LIMIT_RES = [re.compile(rx, re.I) for rx in (
    rf"\btop\s+(?P<n>{_NUM})\b", rf"\b(?:first|last|latest)\s+(?P<n>{_NUM})\b",
    rf"\b(?P<n>{_NUM})\s+(?:most|highest|biggest|worst|latest|newest|oldest|recent|earliest)\b",
    rf"\b(?:list|show|give|name)\s+(?:me\s+)?(?:the\s+)?(?P<n>{_NUM})\b")]
SINGLE_TOP = re.compile(
    r"\b(?:which|what)\s+(?:(?!complaints?\b|allegations?\b|of\b)[\w.]+\s+)?(?:officer|person|unit|team|station|district|year|category|type|"
    r"sergeant|constable|detective|inspector)\s+"
    r"(?:has|had|have|got|received|saw|was)\b.{0,40}\b(?:most|highest|fewest|lowest)\b"
    r"|\bwho\b(?:\s+(?!or\b|and\b)[\w-]+){0,4}?\s+the\s+(?:most|highest|fewest)\b"
    r"|\bwho\b.{0,60}\bmore\b.{0,40}\bthan\s+any(?:one|body)?\s*(?:else|other)\b"
    r"|\bname\s+the\s+(?:[\w.]+\s+)?(?:officer|person|member of staff)\b(?=.{0,60}\b(?:most|"
    r"more\b.{0,40}\bthan\s+any))"
    r"|\b(?:which|what)\s+[\w.]+\s+(?:district|unit|station|team|beat)\s+(?:has|had|got|"
    r"received|saw)\b.{0,40}\b(?:most|highest|fewest|lowest)\b"
    r"|\bthe\s+most\s+complained[\s-]+about\s+officer\b(?!s)", re.I)
_MEASURE = r"(?!\s+(?:hours?|minutes?|days?|weeks?|months?|years?|percent|%))"
MIN_RES = [(re.compile(rx + _MEASURE, re.I), delta) for rx, delta in (
    (rf"\b(?:more than|over|greater than|in excess of|above)\s+(?P<n>{_NUM})\b", 1),
    (rf"\bat least\s+(?P<n>{_NUM})\b", 0), (rf"\b(?P<n>{_NUM})\s+or\s+more\b", 0),
    # "fifteen complaints or more", "three officers or more"
    (rf"\b(?P<n>{_NUM})\s+(?:different\s+|distinct\s+|accused\s+)?(?:complaints?|allegations?|"
     rf"officers?|people|records?|cases?)\s+or\s+more\b", 0),
    (r"\b(?P<n>\d+)\+", 0))]
MAX_RES = [(re.compile(rx + _MEASURE, re.I), delta) for rx, delta in (
    (rf"\b(?:fewer than|less than|under|below)\s+(?P<n>{_NUM})\b", -1),
    (rf"\bat most\s+(?P<n>{_NUM})\b", 0), (rf"\b(?P<n>{_NUM})\s+or\s+(?:fewer|less)\b", 0),
    (rf"\b(?P<n>{_NUM})\s+(?:different\s+|distinct\s+|accused\s+)?(?:complaints?|allegations?|"
     rf"officers?|people|records?|cases?)\s+or\s+(?:fewer|less)\b", 0))]
_COMPILED = {name: [re.compile(p, re.I) for p in pats] for name, pats in
             {**UNANSWERABLE, **CUES}.items()}


def first_cue(name: str, text: str) -> str | None:
    for rx in _COMPILED[name]:
        m = rx.search(text)
        if m:
            return m.group(0).strip()
    return None


def unanswerable_reason(text: str) -> tuple[str, str] | None:
    for why in UNANSWERABLE:
        cue = first_cue(why, text)
        if cue:
            return why, cue
    return None


def detect_intent(text: str, *, has_person: bool, has_filters: bool, topic_words: list[str],
                  group_by: str | None) -> tuple[str, str]:
    """(intent, why) for a question whose people/dates are masked. Compare is decided by plan."""
    if cue := first_cue("count", text):
        return "count", f"count cue '{cue}'"
    if group_by and RANKING.search(text):
        return "count", "a ranking ('most'/'top') is a count per group"
    if group_by in ("year", "month", "weekday", "category", "finding"):
        return "count", f"a breakdown by {group_by} is a count per group"
    if has_person and (cue := first_cue("profile", text)):
        return "profile", f"profile cue '{cue}' with a person"
    if cue := first_cue("describe", text):
        rest = [w for w in topic_words if not WEAK_DESCRIBE.fullmatch(w)]
        if rest or not has_filters or not WEAK_DESCRIBE.fullmatch(cue):
            return "describe", f"describe cue '{cue}'"
    if cue := first_cue("list", text):
        return "list", f"list cue '{cue}'"
    if topic_words:
        return "describe", f"free-text topic ({' '.join(topic_words[:6])})"
    if has_person and not has_filters:
        return "profile", "a person with nothing else asked"
    if cue := first_cue("weak_list", text):
        return "list", f"list cue '{cue}'"
    return "list", "default"


def shape(text: str) -> tuple[int | None, int | None, int | None, list[tuple[int, int]]]:
    """(limit, min_count, max_count, spans used) from 'top 5', 'more than 3', 'at most 2'…"""
    spans: list[tuple[int, int]] = []
    limit = min_count = max_count = None
    for rx in LIMIT_RES:
        if m := rx.search(text):
            limit = _to_int(m["n"])
            spans.append(m.span())
            break
    if limit is None and (m := SINGLE_TOP.search(text)):
        limit = 1
    for rx, delta in MIN_RES:
        if m := rx.search(text):
            min_count = _to_int(m["n"]) + delta
            spans.append(m.span())
            break
    for rx, delta in MAX_RES:
        if m := rx.search(text):
            max_count = max(0, _to_int(m["n"]) + delta)
            spans.append(m.span())
            break
    return limit, min_count, max_count, spans


def _to_int(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[text.lower()]
