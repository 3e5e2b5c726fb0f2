"""Chroma client/server mode (PROBITY_CHROMA_URL): a real `chroma run` on loopback.

The synthetic force is ingested for real a second time, into its own data dir with its vectors on
the server, and must answer exactly as the embedded store does (conftest's `synthetic_engine`).
"""

from __future__ import annotations

from assistant.settings import Settings  # first: offline env before any ML library

# isort: split
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import API_MAPPING, API_STAFF, SYNTH_TODAY

from assistant.answers import Answer, User
from assistant.embeddings import HashingEmbedder
from assistant.errors import IndexUnavailable
from assistant.index.vector import ChromaIndex, chroma_client, heartbeat
from assistant.leads.detect import detect_leads
from assistant.service import Engine
from ingestion.indexing import IndexReport
from ingestion.run import ingest
from tests.exports import write_export

INVESTIGATOR = User(name="test-investigator", role="investigator")
SENIOR = User(name="test-senior", role="senior_investigator")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ChromaServer:
    """`chroma run` on a free loopback port with its own directory; always terminated."""

    def __init__(self, path: Path) -> None:
        exe = shutil.which("chroma")
        if exe is None:
            pytest.skip("the chroma CLI (chromadb package) is not installed")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [exe, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    heartbeat(self.url, timeout=1.0)
                    return
                except IndexUnavailable:
                    if self.process.poll() is not None:
                        raise RuntimeError(f"chroma run exited: {self.process.returncode}") from None
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def server_settings(
    tmp_path_factory: pytest.TempPathFactory, synthetic_source: Path, chroma_server: ChromaServer
) -> Settings:
    """The synthetic force ingested with its vectors on the server (nothing embedded locally)."""
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("server-data"),
        chroma_url=chroma_server.url,
        today=date.fromisoformat(SYNTH_TODAY),
    )
    summary = ingest(settings, ["synthetic"], synthetic_source, show_progress=False)
    assert not summary.failed, [s.error for s in summary.sources]
    assert summary.index.chunks_embedded > 0
    assert not settings.chroma_path.exists()  # no embedded client was opened
    return settings


@pytest.fixture(scope="module")
def server_engine(server_settings: Settings) -> Iterator[Engine]:
    engine = Engine(server_settings)
    yield engine
    engine.close()


def busiest_unique_officer(engine: Engine) -> str:
    (name,) = engine.con.execute(
        """SELECT p.name FROM person_ref r JOIN person p ON p.record_id = r.person_id
           WHERE r.kind = 'allegation' AND NOT p.restricted
           GROUP BY p.record_id, p.name
           HAVING (SELECT count(*) FROM person q WHERE q.name = p.name) = 1
           ORDER BY count(*) DESC, p.record_id LIMIT 1"""
    ).fetchone()
    return str(name)


QUESTIONS = [
    "How many complaints against {officer}?",  # count about a person
    "How many use of force complaints were received in 2024?",  # count with filters
    "List the conduct cases opened in 2023",  # list
    "Tell me about {officer}",  # profile
    "Has an officer threatened to plant drugs on someone unless they paid him?",  # describe
    "Find complaints about cash going missing after a search in 2023",  # similar, date filter
    "What has {officer} been accused of?",  # describe scoped to one person
    "Compare complaints in 2022 and 2023",  # compare
    "Complaints in 2024 by category",  # grouped
    "What is the home address of {officer}?",  # unanswerable
    "Describe the officer's recipe for lemon drizzle cake and the oven temperature",  # no match
]


def comparable(answer: Answer) -> dict[str, object]:
    """Everything an answer says except how long it took."""
    return answer.model_dump(exclude={"timings_ms"})


@pytest.mark.parametrize("user", [INVESTIGATOR, SENIOR], ids=["investigator", "senior"])
def test_server_answers_equal_embedded_answers(synthetic_engine, server_engine, user):
    officer = busiest_unique_officer(synthetic_engine)
    assert busiest_unique_officer(server_engine) == officer
    intents = set()
    for template in QUESTIONS:
        question = template.format(officer=officer)
        embedded = synthetic_engine.answer(question, user, "TEST-CASE")
        served = server_engine.answer(question, user, "TEST-CASE")
        assert comparable(served) == comparable(embedded), question
        intents.add((embedded.intent, embedded.abstained))
    assert {"count", "list", "profile", "describe", "compare", "unanswerable"} <= {
        i for i, _ in intents
    }
    assert ("describe", False) in intents and ("unanswerable", True) in intents


def test_server_vectors_and_leads_equal_embedded(synthetic_engine, server_engine):
    chunk_ids = [c for (c,) in server_engine.con.execute("SELECT chunk_id FROM chunk").fetchall()]
    embedded_vectors = synthetic_engine.retriever.vectors
    served_vectors = server_engine.retriever.vectors
    assert served_vectors.ids() == embedded_vectors.ids() == set(chunk_ids)
    here = embedded_vectors.get_embeddings(chunk_ids)
    there = served_vectors.get_embeddings(chunk_ids)
    assert set(there) == set(here) == set(chunk_ids)
    for chunk_id in chunk_ids:  # the same model on the same text: the same vectors
        assert (abs(there[chunk_id] - here[chunk_id]) < 1e-5).all(), chunk_id
    # leads over a served index equal leads over the embedded one
    embedded_leads = detect_leads(synthetic_engine.con, synthetic_engine.settings)
    served_leads = detect_leads(server_engine.con, server_engine.settings)
    assert [lead.model_dump() for lead in served_leads] == [
        lead.model_dump() for lead in embedded_leads
    ]


# A tiny force (5 complaints) for edits, deletes and store binding on the server ----------------


LONG = ("PC Vane was rude to her at the Northtown front counter and refused to give his name "
        "or number when she asked for it twice. She then asked for a supervisor and was told "
        "that none was available, although she could see one sitting in the back office.")


def tiny_store(root: Path, url: str, collection: str, narrative: str = LONG) -> Settings:
    """Two complaints; the first one's narrative is two chunks long unless `narrative` is short."""
    complaints = (
        "ref,received,category,officer_collar,officer_name,station,complainant,account,restricted\n"
        f'TS-1,2023-02-03,Incivility,4101,Harriet Vane,Northtown,Margaret Okafor,"{narrative}",no\n'
        "TS-2,2023-05-10,Use of force,4101,Harriet Vane,Northtown,Daniel Reyes,"
        "The officer pushed him against a wall during a stop search on Mill Lane.,no\n"
    )
    write_export(root, {"staff.csv": API_STAFF, "complaints.csv": complaints}, API_MAPPING)
    settings = Settings(
        data_dir=root / "data", chroma_url=url, chroma_collection=collection, chunk_chars=200
    )
    return settings


def tiny_ingest(settings: Settings) -> IndexReport:
    root = settings.data_dir.parent
    summary = ingest(settings, [str(root / "tiny.yaml")], root / "source", show_progress=False)
    assert not summary.failed, [s.error for s in summary.sources]
    return summary.index


def server_ids(settings: Settings) -> set[str]:
    client = chroma_client(settings)
    return set(client.get_collection(settings.chroma_collection).get(include=[])["ids"])


def table_ids(settings: Settings) -> set[str]:
    from assistant import store

    con = store.connect(settings.duckdb_path, read_only=True)
    try:
        return {c for (c,) in con.execute("SELECT chunk_id FROM chunk").fetchall()}
    finally:
        con.close()


def test_reingest_and_changed_records_on_the_server(tmp_path, chroma_server):
    settings = tiny_store(tmp_path, chroma_server.url, collection="tiny-edits")
    first = tiny_ingest(settings)
    assert first.chunks_embedded == 3 and server_ids(settings) == table_ids(settings)
    again = tiny_ingest(settings)  # unchanged: nothing embedded, nothing removed
    assert (again.chunks_created, again.chunks_embedded, again.vectors_removed) == (0, 0, 0)
    tiny_store(tmp_path, chroma_server.url, collection="tiny-edits", narrative="PC Vane was rude.")
    edited = tiny_ingest(settings)  # the changed record is re-chunked: its second chunk goes
    assert (edited.chunks_embedded, edited.vectors_removed) == (1, 1)
    assert server_ids(settings) == table_ids(settings) and len(table_ids(settings)) == 2
    collection = chroma_client(settings).get_collection("tiny-edits")
    got = collection.get(ids=["complaint:ts:TS-1#narrative@0"], include=["documents"])
    assert got["documents"] == ["PC Vane was rude."]


def test_a_collection_belongs_to_one_record_store(tmp_path, chroma_server):
    one = tiny_store(tmp_path / "one", chroma_server.url, collection="tiny-shared")
    tiny_ingest(one)
    two = tiny_store(tmp_path / "two", chroma_server.url, collection="tiny-shared")
    with pytest.raises(ValueError, match=r"another record store.*PROBITY_CHROMA_COLLECTION"):
        tiny_ingest(two)
    assert server_ids(one) == table_ids(one)  # the first store's index is untouched
    two = two.model_copy(update={"chroma_collection": "tiny-other"})
    tiny_ingest(two)
    assert server_ids(two) == table_ids(two)
    engine = Engine(one.model_copy(update={"chroma_collection": "tiny-other"}))
    try:  # reading with the wrong collection fails too, rather than citing the other store
        with pytest.raises(ValueError, match="another record store"):
            engine.answer("Has an officer pushed someone against a wall?", INVESTIGATOR, "T")
    finally:
        engine.close()


# Unreachable, wrong or hung servers: one clear error, never the embedded index ------------------


def test_unreachable_server_is_one_clear_error(tmp_path, synthetic_settings):
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    settings = synthetic_settings.model_copy(update={"chroma_url": url})
    engine = Engine(settings)
    try:
        # questions answered by SQL alone don't need the index ...
        count = engine.answer("How many complaints were received in 2023?", INVESTIGATOR, "T")
        assert not count.abstained
        # ... nor do narrative answers, which read the store's sentence index and BM25 (the
        # Chroma collection is opened lazily, only for what needs it); what does need it fails
        # naming the server and never falls back to an embedded index
        narrative = engine.answer("Find complaints about cash going missing", INVESTIGATOR, "T")
        assert not narrative.abstained and narrative.citations
        with pytest.raises(IndexUnavailable, match=f"no Chroma server answers at {url}"):
            engine.retriever  # noqa: B018 — the dense retriever needs the server: it says so
    finally:
        engine.close()
    with pytest.raises(IndexUnavailable, match="PROBITY_CHROMA_URL"):
        ingest(Settings(data_dir=tmp_path / "data", chroma_url=url), ["synthetic"],
               tmp_path / "no-source", show_progress=False)


@pytest.mark.parametrize(
    "url", ["127.0.0.1:8000", "http://127.0.0.1:8000/chroma", "http://127.0.0.1:99999",
            "ftp://127.0.0.1:8000", "http://:8000", "http://u:p@127.0.0.1:8000"]
)
def test_malformed_url_is_one_clear_error(tmp_path, url):
    settings = Settings(data_dir=tmp_path / "data", chroma_url=url)
    with pytest.raises(ValueError, match="PROBITY_CHROMA_URL must look like http://host:port"):
        ChromaIndex(settings, HashingEmbedder(dim=8))
    assert not settings.chroma_path.exists()


def test_not_a_chroma_server_and_hung_server(tmp_path):
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        started = time.monotonic()
        with pytest.raises(IndexUnavailable, match="no Chroma server answers"):
            heartbeat(url, timeout=0.5)
        assert time.monotonic() - started < 5

    import http.server

    class NotChroma(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_error(404)

        def log_message(self, *args: object) -> None:
            pass

    web = http.server.HTTPServer(("127.0.0.1", 0), NotChroma)
    threading.Thread(target=web.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{web.server_address[1]}"
        with pytest.raises(IndexUnavailable, match=r"HTTP 404 .* Chroma"):
            ChromaIndex(Settings(data_dir=tmp_path, chroma_url=url), HashingEmbedder(dim=8))
    finally:
        web.shutdown()
        web.server_close()


def test_server_stopping_mid_session_is_one_clear_error(tmp_path):
    server = ChromaServer(tmp_path / "chroma")
    try:
        embedder = HashingEmbedder(dim=8)
        index = ChromaIndex(Settings(data_dir=tmp_path, chroma_url=server.url), embedder,
                            collection="stops")
        assert index.count() == 0
    finally:
        server.stop()
    with pytest.raises(IndexUnavailable, match=f"{server.url} .*stopped answering"):
        index.query(embedder.embed(["baton"])[0], 3)
