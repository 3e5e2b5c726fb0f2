"""Ask every dev-set phrasing of the engine and keep the raw answers.

Why this exists: the dev set (issue #13) is only a yardstick if the same frozen questions are
asked the same way every time. This module builds the two stores the set was written over when
they are missing (public: the full Philadelphia + Chicago files through the built-in mappings;
synthetic: `synth --people 300 --seed 23`), refuses to run when the questions or gold no longer
match their manifest, and asks through `assistant.service.Engine.answer` as a cleared
senior investigator — what `probity ask --json` does. The store build uses the CLI in a
subprocess, so this module imports the product only to ask.

Follow-ups: when `Engine.answer` accepts a `conversation_id`, the item's earlier turns are asked
first in a fresh conversation per phrasing; otherwise the follow-up is asked alone (what a user
of an engine without conversations gets) and the report says so.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from evals.dev.gold.freeze import DEV_DIR, SYNTH, manifest

PUBLIC_FILES = {"philly": ("ppd_complaints.csv", "ppd_complaint_disciplines.csv",
                           "ppd_complainant_demographics.csv"),
                "chicago-copa-cms": ("complaints-complaints-cms_2019-2022_2022-09.csv",
                                     "complaints-accused-cms_2019-2022_2022-09_p031093.csv")}
USER = {"name": "dev-set", "role": "senior_investigator"}
CASE_REF = "DEV-SET"


class FrozenMismatch(RuntimeError):
    """Questions or gold changed without the manifest being updated."""


def check_frozen(dev_dir: Path = DEV_DIR) -> dict[str, Any]:
    recorded = json.loads((dev_dir / "manifest.json").read_text())
    if manifest(dev_dir) != recorded["sha256"]:
        raise FrozenMismatch("dev-set questions or gold differ from manifest.json: re-freeze "
                             "with `python -m evals.dev.gold.freeze` and say why in the commit")
    gold: dict[str, Any] = json.loads((dev_dir / "gold.json").read_text())
    return gold


def _cli(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "assistant", *args], check=True)


def ensure_stores(data_dir: Path, public: Path, say: Callable[[str], None],
                  needed: set[str]) -> dict[str, Path]:
    """The `needed` stores ("public", "synthetic"), each built once (READY marks a finished build)."""
    stores = {n: data_dir / n for n in sorted(needed)}
    if "public" in stores and not (stores["public"] / "READY").is_file():
        src = data_dir / "public-source"
        src.mkdir(parents=True, exist_ok=True)
        for folder, names in PUBLIC_FILES.items():
            for name in names:
                link = src / name
                if not link.exists():
                    link.symlink_to((public / folder / name).resolve())
        say(f"building the public store in {stores['public']} (narratives are embedded: slow)")
        _cli("ingest", "--mapping", "philly", "--mapping", "chicago", "--source", str(src),
             "--data-dir", str(stores["public"]), "--quiet", "--no-leads-board")
        (stores["public"] / "READY").write_text("philly+chicago\n")
    if "synthetic" in stores and not (stores["synthetic"] / "READY").is_file():
        src = data_dir / "synthetic-source"
        say(f"building the synthetic store in {stores['synthetic']}")
        _cli("synth", "--people", str(SYNTH["people"]), "--seed", str(SYNTH["seed"]),
             "--out", str(src))
        _cli("ingest", "--mapping", "synthetic", "--source", str(src),
             "--data-dir", str(stores["synthetic"]), "--quiet", "--no-leads-board")
        (stores["synthetic"] / "READY").write_text(json.dumps(SYNTH) + "\n")
    return stores


def phrasings(item: dict[str, Any]) -> list[str]:
    return [item["text"], *item["paraphrases"]]


def ask_all(items: list[dict[str, Any]], stores: dict[str, Path],
            say: Callable[[str], None]) -> Iterator[dict[str, Any]]:
    """One record per phrasing: item id, phrasing index, question, answer (dict) or error."""
    from assistant.answers import User
    from assistant.service import Engine
    from assistant.settings import Settings

    user = User(**USER)
    engines = {name: Engine(Settings.model_validate({"data_dir": path}))
               for name, path in stores.items()}
    conversations = "conversation_id" in inspect.signature(Engine.answer).parameters
    for n, item in enumerate(items, 1):
        engine = engines["synthetic" if item["source"] == "synthetic" else "public"]
        for k, question in enumerate(phrasings(item)):
            started = time.perf_counter()
            record: dict[str, Any] = {"id": item["id"], "phrasing": k, "question": question,
                                      "conversation": conversations}
            try:
                kwargs: dict[str, Any] = {}
                if conversations and item.get("turns"):
                    kwargs["conversation_id"] = f"dev-{item['id']}-{k}"
                    for turn in item["turns"]:
                        engine.answer(turn, user, CASE_REF, **kwargs)
                record["answer"] = engine.answer(question, user, CASE_REF,
                                                 **kwargs).model_dump(mode="json")
            except Exception as exc:  # an engine failure is a scored failure, not a crash
                record["error"] = f"{type(exc).__name__}: {exc}"
            record["seconds"] = round(time.perf_counter() - started, 3)
            yield record
        if n % 20 == 0:
            say(f"asked {n} of {len(items)} items")
