"""Unlinked references found fast give the verdicts the slow way gave.

`possibly_unlinked` (an honest negative's "Not counted: … may be PC X") was rewritten for speed at
45,000 staff: the store's unresolved references are read plainly and names are scored only where
the family names can meet the threshold (`names.similar_names`). These tests hold the rewrite to
the old way — every unresolved reference scored by `name_similarity`, identifiers compared by a
correlated SQL test — on a real store with rank-prefixed, reordered, initialled, misspelt and
unrelated names, restricted records and both clearances.
"""

from __future__ import annotations

import duckdb
import pytest

from assistant import store
from assistant.answering import UNLINKED_SIMILARITY, possibly_unlinked
from assistant.names import name_similarity, similar_names
from tests.conftest import API_MAPPING
from tests.exports import ingest_export_records

NAMES = ["Harriet Vane", "PC Harriet Vane", "Vane, Harriet", "VANE H", "H. Vane", "Harriet Vain",
         "Harriett Vane", "Harry Vance", "Vane", "Sgt Vane", "Peter Wimsey", "P Wimsey",
         "Wimsey, Peter", "Peter Wimsy", "Mervyn Bunter", "Hattie Vane", "Harriet Lloyd Vane",
         "Charles Parker", "DS Parker", "Harriet", "", "J Vane", "Harriet O'Vane", "Wane Harriet"]

STAFF = """payroll,collar,forename,surname,station,rank,restricted
200001,4101,Harriet,Vane,Northtown,PC,no
200002,4102,Peter,Wimsey,Southtown,DS,no
200003,4103,Charles,Parker,Northtown,DI,no
"""


def complaints() -> str:
    """One complaint per written name, about half restricted, a few carrying a collar number."""
    rows = ["ref,received,category,officer_collar,officer_name,station,complainant,account,"
            "restricted"]
    for i, name in enumerate(NAMES):
        collar = {3: "4101", 11: "4102", 17: "9999"}.get(i, "")
        rows.append(f"TS-{i},2023-02-{i % 27 + 1:02d},Incivility,{collar},\"{name}\",Northtown,"
                    f"Ann Other,An account.,{'yes' if i % 2 else 'no'}")
    return "\n".join(rows) + "\n"


def old_possibly_unlinked(con: duckdb.DuckDBPyConnection, kind: str,
                          person_ids: tuple[str, ...], cleared: bool) -> list[str]:
    """The implementation before the rewrite, kept as the oracle."""
    kinds = ["allegation", "complaint"] if kind == "complaint" else [kind]
    hidden = "".join(f" AND NOT EXISTS (SELECT 1 FROM {k} t WHERE t.record_id = r.record_id "
                     "AND t.restricted)" for k in kinds) if not cleared else ""
    rows = con.execute(
        f"""SELECT DISTINCT r.record_id, r.name, p.name,
                   norm_ident(r.value) IN (SELECT norm_value FROM person_identifier i
                                           WHERE i.person_id = p.record_id) AS same_id
            FROM person_ref r
            JOIN person p ON p.record_id IN (SELECT unnest(?::VARCHAR[])) AND p.force = r.force
            WHERE r.person_id IS NULL AND r.kind IN (SELECT unnest(?::VARCHAR[])){hidden}""",
        [list(person_ids), kinds]).fetchall()
    return sorted({rid for rid, ref_name, name, same_id in rows
                   if same_id or (ref_name and name_similarity(ref_name, name)
                                  >= UNLINKED_SIMILARITY)})


@pytest.mark.parametrize("target", [n for n in NAMES if n] + ["Jon Smith", "O'Brien"])
def test_similar_names_agrees_with_scoring_every_name(target: str) -> None:
    everyone = [n for n in NAMES if n] + ["Smith, John", "John SMITH", "Sgt. O'Brien", "Jon Smith"]
    for threshold in (UNLINKED_SIMILARITY, 0.4, 0.9):
        expected = {n for n in everyone if name_similarity(n, target) >= threshold}
        assert similar_names(target, everyone, threshold) == expected, (target, threshold)


def test_similar_names_refuses_a_threshold_it_cannot_block_for() -> None:
    with pytest.raises(ValueError):
        similar_names("Harriet Vane", ["Harriet Vane"], 0.3)
    assert similar_names(None, ["Harriet Vane"], UNLINKED_SIMILARITY) == set()


def test_possibly_unlinked_finds_what_the_old_way_found(tmp_path) -> None:
    con = store.connect(tmp_path / "records.duckdb")
    ingest_export_records(con, tmp_path, {"staff.csv": STAFF, "complaints.csv": complaints()},
                          API_MAPPING, mapping_file="testshire.yaml")
    con.execute("UPDATE person_ref SET person_id = NULL, method = 'unresolved' "
                "WHERE kind = 'complaint'")
    people = [r for (r,) in con.execute("SELECT record_id FROM person ORDER BY 1").fetchall()]
    assert len(people) == 3
    found_any = False
    for cleared in (True, False):
        for who in [(p,) for p in people] + [tuple(people[:2])]:
            got = possibly_unlinked(con, "complaint", who, cleared)
            assert got == old_possibly_unlinked(con, "complaint", who, cleared), (who, cleared)
            found_any |= bool(got)
    # a collar number alone links TS-3 ("VANE H", 4101) and TS-17's 9999 links no one
    vane = possibly_unlinked(con, "complaint", (people[0],), True)
    assert "complaint:ts:TS-3" in vane and "complaint:ts:TS-17" not in vane
    assert "complaint:ts:TS-14" not in vane  # Mervyn Bunter
    assert possibly_unlinked(con, "complaint", (people[0],), False) == [
        r for r in vane if int(r.rsplit("-", 1)[1]) % 2 == 0]
    assert found_any
