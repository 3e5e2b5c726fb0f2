"""Join operator: police-system searches of a member of the public with no linked case or
occurrence reference — optionally of one named person, as the audit log spells them.

Why: a search needs a policing purpose, and the audit log records it as a case reference; a
person looked up with none is the raw material of both the question "has anyone searched for
<a member of the public> without a linked occurrence?" and the `repeated_search` lead (one user,
one person, again and again). The audit log writes names its own way ("RYAN, Jeffrey (dob
1946-02-22)"), so a name from a question is compared as the set of its words: every word asked
must be among the words searched (`complainant.person_key`, titles and date of birth dropped).
Vehicles (`vehicle_prefix`) are not members of the public; `exempt_roles` (analysts, whose
research routinely carries no reference) can be left out.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.joins.sources import EVERYTHING, Focus, Rel, Sources

VEHICLE_PREFIX = "VRM "


def name_words(name: str) -> list[str]:
    """A name from a question as the words `person_key` keeps, in the question's order: lower
    case, letters only, no titles or initials."""
    from assistant.joins.complainant import TITLES

    words = "".join(c if c.isalpha() else " " for c in name.lower()).split()
    return [w for w in dict.fromkeys(words) if len(w) > 1 and w not in TITLES]


def unlinked_searches(src: Sources, focus: Focus = EVERYTHING,
                      subject: Sequence[str] = (), exempt_roles: Sequence[str] = (),
                      vehicle_prefix: str = VEHICLE_PREFIX) -> Rel:
    """(person_id, event_id, accessed_at, subject, system, action) of searches without a case
    reference; `subject` (from `name_words`) keeps searches whose subject holds all those words.
    Needs `complainant.define_person_key` on the connection when `subject` is given."""
    f = focus.clause("u.person_id", "s.accessed_at", "s.force")
    system = focus.system_clause("s.system")
    named = ("AND list_has_all(string_split(split_part(person_key(s.subject_searched), '|', 2),"
             " ' '), ?::VARCHAR[])") if subject else ""
    return Rel(
        f"""(SELECT u.person_id, s.record_id AS event_id, s.accessed_at,
                    s.subject_searched AS subject, s.system, s.action
             FROM system_access s JOIN {src.people_of('system_access')} u
               ON u.record_id = s.record_id
             JOIN person p ON p.record_id = u.person_id
             WHERE {src.visible('s', 'system_access')} AND {f.sql} AND {system.sql}
               AND coalesce(trim(s.linked_case_ref), '') = ''
               AND coalesce(trim(s.subject_searched), '') <> ''
               AND NOT starts_with(s.subject_searched, ?)
               AND coalesce(p.role_title, '') NOT IN (SELECT unnest(?::VARCHAR[])) {named})""",
        [*f.params, *system.params, vehicle_prefix, list(exempt_roles),
         *([list(subject)] if subject else [])])
