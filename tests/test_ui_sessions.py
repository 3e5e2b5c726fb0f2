"""The workspace's server-side sessions, refusal wording and colour contrast — no store needed.

Sessions: only sha256(token) is stored, and a session ends on sign-out, on expiry and when the API
key it came from is revoked. Refusals: plain English, no internal intent names or private-use
characters. Contrast: every text colour the workspace's CSS sets meets WCAG AA (4.5:1) on white.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import timedelta
from pathlib import Path

from assistant.answers import User
from assistant.keys import KeyStore
from assistant.refusal import refusal
from ui import markup
from ui.web_session import SessionStore

ANN = User(name="ann", role="senior_investigator")


def test_a_session_is_stored_as_a_hash_and_reopens_with_its_state(tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    token = store.issue(ANN, None)
    rows = sqlite3.connect(tmp_path / "ui_sessions.sqlite").execute(
        "SELECT token_hash, user, role FROM ui_session").fetchall()
    assert len(rows) == 1 and token not in rows[0][0] and rows[0][1:] == ("ann", ANN.role)
    assert (tmp_path / "ui_sessions.sqlite").stat().st_mode & 0o077 == 0
    store.save_state(token, {"case_ref": "PSD/1", "chat": {"PSD/1": {"turns": []}}})
    found = store.resolve(token)
    assert found is not None and found.user == ANN and found.state["case_ref"] == "PSD/1"
    assert store.resolve(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert store.resolve("") is None


def test_sign_out_and_expiry_end_a_session(tmp_path: Path) -> None:
    store = SessionStore(tmp_path)
    token = store.issue(ANN, None)
    store.revoke(token)
    assert store.resolve(token) is None
    expired = store.issue(ANN, None, ttl=timedelta(seconds=-1))
    assert store.resolve(expired) is None


def test_revoking_the_api_key_ends_its_sessions(tmp_path: Path) -> None:
    keys = KeyStore(tmp_path / "keys.sqlite")
    key, _ = keys.create("bob", "investigator")
    store = SessionStore(tmp_path)
    token = store.issue(key.as_user(), key.key_id)
    assert store.resolve(token) is not None
    keys.revoke(key.key_id)
    assert store.resolve(token) is None


def test_refusals_are_plain_english() -> None:
    masked = "intent unanswerable: personal information the records do not hold ('\ue000\ue001's " \
             "address')"
    text = refusal(masked)
    assert text == ("This cannot be answered from the records: the question asks for personal "
                    "information the records do not hold.")
    assert not re.search("[\ue000-\uf8ff]", text) and "intent" not in text
    assert "outside what the records hold" in refusal("")


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str = "#ffffff") -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_every_text_colour_meets_wcag_aa() -> None:
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", markup.CSS)
    colours = []
    for selector, body in rules:  # against the rule's own solid background, else white
        solid = re.search(r"background:\s*(#[0-9a-fA-F]{6})", body)
        for colour in re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", body):
            colours.append((selector.strip(), colour, solid[1] if solid else "#ffffff"))
    assert len(colours) >= 8  # captions, meta lines, labels, interpretation, not-applied
    for selector, colour, background in colours:
        assert contrast(colour, background) >= 4.5, (selector, colour, background)
    assert any("stCaptionContainer" in s for s, _, _ in colours)
    assert "opacity" not in markup.CSS  # text is never faded below its declared colour


def test_interpretation_unapplied_and_badges_are_marked_up_safely() -> None:
    line = "Read as: complaints · received in 2022 → count (from the conversation: officer = <b>X</b>)"
    shown = markup.interpretation(line)
    assert shown.startswith('<div class="prb-read">Read as: complaints')
    assert '<span class="prb-inherited">from the conversation: officer = &lt;b&gt;X&lt;/b&gt;' \
        in shown
    assert "prb-inherited" not in markup.interpretation("Read as: complaints → count")
    warning = markup.unapplied(["in <Ruritania>", "on a rainy day"])
    assert 'class="prb-unapplied"' in warning and "&lt;Ruritania&gt;" in warning
    body = markup.answer("Two complaints [1] [2] <script>", link="t 3")
    assert '<a class="prb-n" href="#src-t-3-2"' in body and "<script>" not in body
    assert markup.anchor("t 3", 2) == '<span class="prb-anchor" id="src-t-3-2"></span>'
