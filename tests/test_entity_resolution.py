"""Entity resolution against the synthetic force's ground truth (truth.json aliases).

Every person reference the generator wrote — identifier variants, name variants and typos,
collar numbers that belong to a colleague — is checked against who it really is.
"""

from __future__ import annotations

import json

import duckdb


def test_resolution_precision_and_recall_on_synthetic_aliases(synthetic_settings, synthetic_source):
    truth = json.loads((synthetic_source / "truth.json").read_text())
    con = duckdb.connect(str(synthetic_settings.duckdb_path), read_only=True)
    got = {(r, role): pid for r, role, pid in
           con.execute("SELECT record_id, role, person_id FROM person_ref").fetchall()}
    con.close()
    correct = wrong = missed = 0
    for alias in truth["aliases"]:
        resolved = got.get((alias["record_id"], alias["role"]))
        if resolved is None:
            missed += 1
        elif resolved == alias["person_id"]:
            correct += 1
        else:
            wrong += 1
    precision, recall = correct / (correct + wrong), correct / (correct + wrong + missed)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall, wrong, missed)
    # The traps: a colleague's collar number with the right officer's name goes to the officer.
    for trap in truth["identifier_traps"]:
        assert got[(trap["record_id"], trap["role"])] == trap["person_id"], trap
