"""How other systems and people write a member of staff: identifier and name variants, and the
way complainants describe the officer they dealt with."""

from __future__ import annotations

import random

from .names import misspell
from .staff import Staff


def collar_as_written(rng: random.Random, st: Staff, i: int, blank: float = 0.1) -> str:
    """A case worker's rendering of a collar number: "PC 1234", "1234", "01234", "pc1234", ""."""
    c = st.collar[i]
    if not c:
        return ""
    abbr = st.abbr[i] or "PC"
    r = rng.random()
    if r < blank:
        return ""
    r = rng.random()
    if r < 0.45:
        return c
    if r < 0.67:
        return f"{abbr} {c}"
    if r < 0.77:
        return "0" + c if len(c) == 4 else c
    if r < 0.9:
        return f"{abbr.lower()}{c}"
    return f"{abbr}{c}"


def name_as_written(rng: random.Random, st: Staff, i: int, typo_rate: float = 0.06,
                    blank_ok: bool = False) -> str:
    """"PC J Smith", "Smith, John", "John SMITH", occasionally misspelt ("Jon Smith")."""
    f, s, abbr = st.forename[i], st.surname[i], st.abbr[i]
    if blank_ok and rng.random() < 0.05:
        return ""
    if rng.random() < typo_rate:
        f, s = misspell(f, s, rng)
    r = rng.random()
    if not abbr:  # police staff have no rank to prefix
        return (f"{f} {s}" if r < 0.5 else f"{s}, {f}" if r < 0.7 else f"{f} {s.upper()}"
                if r < 0.85 else f"{f[0]} {s}")
    if r < 0.22:
        return f"{abbr} {f[0]} {s}"
    if r < 0.37:
        return f"{s}, {f}"
    if r < 0.49:
        return f"{f} {s.upper()}"
    if r < 0.69:
        return f"{f} {s}"
    if r < 0.77:
        return f"{f[0]} {s}"
    if r < 0.86:
        return f"{abbr} {s}"
    if r < 0.92:
        return f"{s.upper()} {f[0]}"
    return f"{abbr} {f} {s}"


def near_miss(number: str, rng: random.Random) -> str:
    """A plausible slip of the pen: two adjacent digits swapped or one digit off by one."""
    digits = list(number)
    if rng.random() < 0.5 and len(digits) > 1:
        k = rng.randrange(len(digits) - 1)
        digits[k], digits[k + 1] = digits[k + 1], digits[k]
    else:
        k = rng.randrange(len(digits))
        d = int(digits[k])
        digits[k] = str((d + rng.choice((1, -1))) % 10)
    return "".join(digits)


def intel_name(st: Staff, i: int) -> str:
    return f"{st.surname[i].upper()} {st.forename[i]}"


def officer_slots(rng: random.Random, st: Staff, i: int, third: bool,
                  known: bool = False) -> dict[str, str]:
    """off1 (first mention), off (later mentions) and pronouns for the accused; `known` when the
    complainant dealt with them by name (an investigating officer)."""
    g = st.gender[i]
    pron = {"F": ("she", "her", "her", "woman", "female"),
            "M": ("he", "him", "his", "man", "male")}[g]
    slots = {"oh": pron[0], "ohim": pron[1], "ohis": pron[2], "oman": pron[3]}
    kind, sur, fore, abbr, collar = st.kind[i], st.surname[i], st.forename[i], st.abbr[i], \
        st.collar[i]
    if kind == "call":
        first = rng.choice(("the call handler", "the call handler {I} spoke to",
                            f"a {pron[3]} called {fore}", "the operator",
                            "the person who answered")).replace("{I}", "I" if not third else
                                                               "the complainant")
        return slots | {"off1": first, "off": rng.choice(("the call handler", fore))}
    if kind == "custody":
        return slots | {"off1": rng.choice(("a detention officer", "one of the custody staff",
                                            f"a detention officer called {fore}")),
                        "off": "the detention officer"}
    if kind == "desk":
        return slots | {"off1": rng.choice((f"the {pron[3]} on the front counter",
                                            "the front counter officer")),
                        "off": "the member of staff"}
    if kind == "staff":
        return slots | {"off1": f"{fore} {sur}" if third else rng.choice(
            (f"a member of staff called {fore} {sur}", f"{fore} {sur}")), "off": fore}
    known = known or rng.random() < (0.75 if third else 0.4)
    if known:
        intro = f"{abbr} {fore} {sur}" if third else f"an officer I now know to be {abbr} {sur}"
        first = rng.choice((f"{abbr} {sur}", f"{abbr} {collar}", f"{abbr} {collar} {sur}", intro,
                            f"{abbr} {sur} ({collar})"))
        later = f"{abbr} {sur}" if rng.random() < 0.6 else "the officer"
        return slots | {"off1": first, "off": later}
    feature = rng.choice(("a shaved head", "a beard", "glasses", "red hair", "a Scottish accent",
                          "a tattoo on one arm"))
    build = rng.choice(("tall", "young", "older", "stocky", "short"))
    looks = rng.choice((f"a {pron[4]} officer", f"an officer with {feature}",
                        f"a {build} {pron[4]} officer",
                        "the officer who was driving", "the officer who arrived first"))
    if kind == "pcso":
        looks = rng.choice((f"a {pron[4]} PCSO", "a PCSO", f"PCSO {sur}"))
        return slots | {"off1": looks, "off": "the PCSO"}
    return slots | {"off1": looks, "off": "the officer"}


def second_officer(rng: random.Random, st: Staff, j: int) -> str:
    if st.abbr[j] and rng.random() < 0.5:
        return f"{st.abbr[j]} {st.surname[j]}"
    return rng.choice(("the other officer", "the second officer", "the other one",
                       "the officer's colleague"))
