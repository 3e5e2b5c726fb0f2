"""Gold answers to the join questions, computed straight from a synthetic force's source exports
(CSV, JSON Lines, truth.json) with DuckDB — never from the product's tables, and importing
nothing from `assistant` or `ingestion`, so a bug in ingestion or in the joins cannot agree with
itself. Staff are linked across systems by the identifiers in the HR staff file (payroll,
warrant, network login); allegation subjects by truth.json's record → person list."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

ABSENT = {"sick": ["SK"], "leave": ["AL"], "off": ["AL", "SK", "RD"]}


def connect(src: Path) -> duckdb.DuckDBPyConnection:
    """Views over the source files, one per export, with staff linked to 'person:syn:<payroll>'."""
    con = duckdb.connect()
    csv = "read_csv('{}', all_varchar=true, header=true)"
    con.execute(f"CREATE VIEW staff AS SELECT * FROM {csv.format(src / 'hr/staff.csv')}")
    con.execute("""CREATE MACRO pid(payroll) AS 'person:syn:' || payroll""")
    con.execute(f"""CREATE VIEW roster AS SELECT pid(PAYROLL_NO) AS person,
        'duty_shift:syn:' || PAYROLL_NO || '-' || DUTY_DATE AS id, CAST(DUTY_DATE AS DATE) AS day,
        SHIFT_START AS start_t, SHIFT_END AS end_t, DUTY_CODE AS code
        FROM {csv.format(src / 'roster/duties.csv')}""")
    con.execute(f"""CREATE VIEW claims AS SELECT pid(s.payroll_no) AS person,
        'duty_shift:syn:' || c.claim_ref AS id, strptime(c.claim_date, '%d-%b-%Y')::DATE AS day,
        CAST(c.hours AS DOUBLE) AS hours
        FROM {csv.format(src / 'overtime/claims.csv')} c
        JOIN staff s ON ltrim(s.warrant_no, '0') = ltrim(c.warrant_number, '0')""")
    con.execute(f"""CREATE VIEW sickness AS SELECT pid(employee_no) AS person,
        'absence:syn:' || absence_ref AS id, strptime(first_day, '%d-%m-%Y')::DATE AS first,
        strptime(last_day, '%d-%m-%Y')::DATE AS last
        FROM {csv.format(src / 'hr/sickness.csv')}""")
    con.execute(f"""CREATE VIEW audit AS SELECT pid(s.payroll_no) AS person,
        'system_access:syn:' || a.eventId AS id, CAST(a.timestamp AS TIMESTAMP) AS at,
        a.subject, a.caseRef AS case_ref, a.system
        FROM read_json('{src / 'audit/system_access.jsonl'}', format='newline_delimited',
                       columns={{eventId: 'VARCHAR', timestamp: 'VARCHAR', userId: 'VARCHAR',
                                system: 'VARCHAR', action: 'VARCHAR', subject: 'VARCHAR',
                                caseRef: 'VARCHAR'}}) a
        JOIN staff s ON lower(s.network_login) = lower(a.userId)""")
    aliases = json.loads((src / "truth.json").read_text())["aliases"]
    subjects = [(a["record_id"], a["person_id"]) for a in aliases
                if a["record_id"].startswith("allegation:") and a["role"] == "subject"]
    con.execute("CREATE TABLE subject(allegation VARCHAR, person VARCHAR)")
    con.executemany("INSERT INTO subject VALUES (?, ?)", subjects)
    con.execute(f"""CREATE VIEW complaints AS SELECT 'complaint:syn:' || ComplaintRef AS id,
        strptime(DateReceived, '%d/%m/%Y')::DATE AS received, ComplainantName AS name,
        strptime(ComplainantDOB, '%d/%m/%Y')::DATE AS dob, Handling = 'RESTRICTED' AS restricted
        FROM {csv.format(src / 'psd/complaints.csv')}""")
    con.execute(f"""CREATE VIEW accused AS SELECT DISTINCT 'complaint:syn:' || a.ComplaintRef
        AS complaint, 'allegation:syn:' || a.AllegationRef AS allegation, s.person,
        a.Handling = 'RESTRICTED' AS restricted
        FROM {csv.format(src / 'psd/allegations.csv')} a
        JOIN subject s ON s.allegation = 'allegation:syn:' || a.AllegationRef""")
    return con


def overtime_on(con: duckdb.DuckDBPyConnection, absent: str) -> list[tuple[str, str, str]]:
    """(person, claim id, clashing record id): claims on a roster day of that kind or inside an
    HR sickness episode (HR records sickness only)."""
    codes = ABSENT[absent]
    hr = "UNION SELECT c.person, c.id, s.id FROM claims c JOIN sickness s ON s.person = c.person" \
         " AND c.day BETWEEN s.first AND s.last" if absent == "sick" else ""
    return con.execute(f"""SELECT c.person, c.id, r.id FROM claims c JOIN roster r
        ON r.person = c.person AND r.day = c.day AND r.code IN (SELECT unnest(?::VARCHAR[]))
        {hr} ORDER BY 1, 2, 3""", [codes]).fetchall()


def used_while(con: duckdb.DuckDBPyConnection, absent: str, hr: bool,
               systems: list[str] | None = None) -> list[tuple[str, str]]:
    """(person, event id): system events (of `systems`, if given) on a day rostered as `absent`
    (or, with `hr`, inside an HR sickness episode when sickness counts), less the hour after the
    previous day's working night shift and rest days with overtime claimed."""
    codes = ABSENT[absent]
    sick_hr = hr and "SK" in codes
    return con.execute(f"""WITH off AS (
          SELECT person, day, code FROM roster WHERE code IN (SELECT unnest(?::VARCHAR[]))
          {"UNION SELECT person, unnest(range(first, last + 1, INTERVAL 1 DAY))::DATE, 'SK'"
           " FROM sickness" if sick_hr else ""}),
        ev AS (SELECT DISTINCT a.person, a.id, a.at FROM audit a JOIN off o
               ON o.person = a.person AND o.day = CAST(a.at AS DATE)
               WHERE (? OR a.system IN (SELECT unnest(?::VARCHAR[]))) AND NOT (o.code = 'RD' AND EXISTS (SELECT 1 FROM claims c
                          WHERE c.person = a.person AND c.day = o.day)))
        SELECT person, id FROM ev WHERE NOT EXISTS (
          SELECT 1 FROM roster r WHERE r.person = ev.person
            AND r.day = CAST(ev.at AS DATE) - 1
            AND r.code NOT IN (SELECT unnest(?::VARCHAR[]))
            AND CAST(r.end_t AS TIME) < CAST(r.start_t AS TIME)
            AND CAST(ev.at AS TIME) <= CAST(r.end_t AS TIME) + INTERVAL 60 MINUTE)
        ORDER BY 1, 2""", [codes, systems is None, systems or [], codes]).fetchall()


def _name_key(expr: str) -> str:
    """SQL: the words of a name, lower case, sorted (titles and initials dropped)."""
    return (f"list_sort(list_filter(string_split(trim(regexp_replace(lower({expr}), '[^a-z]+',"
            f" ' ', 'g')), ' '), lambda w: length(w) > 1 AND w NOT IN ('mr', 'mrs', 'ms', "
            f"'miss', 'mx', 'dr')))")


def searched_complainant(con: duckdb.DuckDBPyConnection,
                         systems: list[str] | None = None) -> list[tuple[str, str, str]]:
    """(person, complaint id, event id): an accused's search (on `systems`, if given) of the
    complainant (same name words and date of birth) on or after the complaint was received."""
    return con.execute(f"""SELECT DISTINCT x.person, c.id, a.id FROM complaints c
        JOIN accused x ON x.complaint = c.id
        JOIN audit a ON a.person = x.person AND CAST(a.at AS DATE) >= c.received
          AND {_name_key("regexp_replace(a.subject, '[(].*?[)]', '', 'g')")} = {_name_key('c.name')}
          AND regexp_extract(a.subject, '(\\d{{4}}-\\d{{2}}-\\d{{2}})', 1) = CAST(c.dob AS VARCHAR)
          AND (? OR a.system IN (SELECT unnest(?::VARCHAR[])))
        ORDER BY 1, 2, 3""", [systems is None, systems or []]).fetchall()


def coaccused(con: duckdb.DuckDBPyConnection, at_least: int, cleared: bool = True,
              year: int | None = None) -> dict[tuple[str, str], set[str]]:
    """(officer a, officer b) with a < b → complaints naming both (at least `at_least`)."""
    hidden = "" if cleared else " AND NOT x.restricted AND NOT c.restricted"
    when = f" AND year(c.received) = {int(year)}" if year else ""
    rows = con.execute(f"""WITH s AS (SELECT x.complaint, x.person FROM accused x
                           JOIN complaints c ON c.id = x.complaint WHERE true{hidden}{when})
        SELECT a.person, b.person, list(DISTINCT a.complaint) FROM s a JOIN s b
          ON a.complaint = b.complaint AND a.person < b.person
        GROUP BY 1, 2 HAVING count(DISTINCT a.complaint) >= ?""", [at_least]).fetchall()
    return {(a, b): set(ids) for a, b, ids in rows}


def unlinked_of(con: duckdb.DuckDBPyConnection, name: str,
                systems: list[str] | None = None) -> list[tuple[str, str]]:
    """(person, event id): searches (on `systems`, if given) whose subject holds every word of
    `name`, with no case reference."""
    words = sorted(w for w in name.lower().replace(",", " ").split() if len(w) > 1)
    return con.execute(f"""SELECT person, id FROM audit
        WHERE coalesce(trim(case_ref), '') = '' AND NOT starts_with(subject, 'VRM ')
          AND (? OR system IN (SELECT unnest(?::VARCHAR[])))
          AND list_has_all({_name_key("regexp_replace(subject, '[(].*?[)]', '', 'g')")},
                           ?::VARCHAR[]) ORDER BY 1, 2""",
                       [systems is None, systems or [], words]).fetchall()
