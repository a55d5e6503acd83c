"""Crash safety of the store, on SQLite and PostgreSQL: `kill -9` during `warta ingest`, `warta process` and a run
of curation decisions, then a restart, leaves an intact store (database checks, every stored article complete,
the trigger-kept counts equal to a recount, nothing duplicated) that ends equal to an uninterrupted run; the web
app and the API serve without errors beside a running ingest. (A damaged database: tests/test_store_damaged.py.)
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import Databases
from tests.ports import free_port
from warta.errors import StoreError
from warta.store import open_store, queries
from warta.store.sqlstore import SQLStore

ARTICLES = 200
KILLS = 5
SEED = 20261203
TIMEOUT = 240  # seconds for one uninterrupted subprocess: the machine is shared, so generous
PEOPLE = "Ahmad Suryadi,Siti Rahmawati,Budi Santoso,Dewi Lestari,Joko Prasetyo,Rina Marlina,Hendra Gunawan,\
Sri Wahyuni,Agus Salim,Nurul Hidayah,Bambang Sutrisno,Yuni Kartika".split(",")
OFFICES = "Bupati Sleman,Wali Kota Surabaya,Gubernur Jawa Timur,Bupati Mojokerto,\
Kepala Dinas Kesehatan Kabupaten Bantul,Wali Kota Bandung".split(",")
TOPICS = "jalan desa,pasar tradisional,layanan kesehatan,sekolah dasar,air bersih,tanggul banjir".split(",")


# ------------------------------------------------------------------ a corpus and the processes under test


def write_corpus(path: Path, count: int, seed: int) -> list[str]:
    """`count` small Indonesian articles (an official with a title, a direct and an indirect quote, a second
    person) as JSON Lines; returns their ids."""
    rng = random.Random(seed)
    records = []
    for n in range(count):
        speaker, other = rng.sample(PEOPLE, 2)
        office, topic = rng.choice(OFFICES), rng.choice(TOPICS)
        text = (
            f"{office} {speaker} meninjau {topic} pada hari Senin. "
            f'"Kami akan menyelesaikan perbaikan {topic} tahun ini," kata {speaker} kepada wartawan.\n\n'
            f"Menurut {other}, anggaran untuk {topic} nomor {n} sudah disiapkan oleh pemerintah daerah. "
            f'"Warga tidak perlu khawatir," ujar {other}.'
        )
        published, title = f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}T09:00:00+07:00", f"{office} tinjau {topic} ({n})"
        records.append({"id": f"crash-{n:04d}", "url": f"https://contoh.id/{n}", "title": title,
                        "published": published, "text": text})  # fmt: skip
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return [str(r["id"]) for r in records]


def warta(location: str, *args: str) -> subprocess.Popen[bytes]:
    """`warta --db LOCATION ARGS…` in a subprocess (stdout dropped, stderr kept)."""
    argv = [sys.executable, "-m", "warta", "--db", location, *args]
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def finish(process: subprocess.Popen[bytes]) -> str:
    """Wait for a process that must succeed; its stderr."""
    _, err = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0, err.decode(errors="replace")
    return err.decode(errors="replace")


def kill_when(
    process: subprocess.Popen[bytes], location: str, sql: str, at_least: int, then: float, patience: float = TIMEOUT
) -> None:
    """SIGKILL the process `then` seconds after the count `sql` reads in the store reaches `at_least` (or after
    `patience` seconds), and reap it: a moment picked by progress, so that it falls inside the run however slow
    the machine."""
    deadline = time.monotonic() + patience
    with open_store(location) as store:
        while process.poll() is None and time.monotonic() < deadline:
            if store.conn.execute(sql).fetchone()[0] >= at_least:
                break
            time.sleep(0.01)
    time.sleep(then)
    process.send_signal(signal.SIGKILL)  # nothing when it has ended
    process.wait()
    if process.stderr is not None:
        process.stderr.close()


# ------------------------------------------------------------------ what an intact store is


def problems(location: str, ids: set[str]) -> list[str]:
    """Everything wrong with the store: database checks, incomplete or unknown articles, orphan entities, and
    trigger-kept tables (entity_stats, edge_stats, person_role_sets) that differ from a recount."""
    with open_store(location) as store:
        found = database_checks(store) + incomplete_articles(store, ids)
        found += [f"{n} {what}" for what, sql in NONE.items() if (n := store.conn.execute(sql).fetchone()[0])]
        return found + [f"{table} differs from a recount" for table in stale_counts(store)]


NONE = {
    "entities no article links to": "SELECT COUNT(*) FROM entities e "
    "WHERE NOT EXISTS (SELECT 1 FROM article_entities ae WHERE ae.entity_id = e.id)",
    "articles stored twice (same URL)": "SELECT COUNT(*) - COUNT(DISTINCT url) FROM articles",
}


def database_checks(store: SQLStore) -> list[str]:
    """SQLite's integrity and foreign-key checks and its full-text indexes' own check (PostgreSQL enforces its
    constraints itself; its store's invariants are checked by the other functions)."""
    if store.dialect != "sqlite":
        return []
    conn = store.conn
    found = [f"integrity: {row[0]}" for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
    found += [f"foreign key: {tuple(row)}" for row in conn.execute("PRAGMA foreign_key_check")]
    for fts in ("articles_fts", "quotes_fts"):
        try:
            conn.execute(f"INSERT INTO {fts} ({fts}) VALUES ('integrity-check')")
        except StoreError as exc:
            found.append(f"{fts}: {exc}")
    return found


OWN = {"mentions": "mentions", "quotes": "quotes", "edges": "edges", "article_entities": "entities"}


def incomplete_articles(store: SQLStore, ids: set[str]) -> list[str]:
    """Stored articles whose rows (mentions, quotes, edges, entity links, roles) do not match their stored
    document, or that are not in the input."""
    conn = store.conn
    counts = {table: dict(conn.execute(f"SELECT article_id, COUNT(*) FROM {table} GROUP BY article_id").fetchall())
              for table in (*OWN, "person_roles")}  # fmt: skip
    found = []
    for article_id, text, document in conn.execute("SELECT id, text, document FROM articles"):
        doc = json.loads(document)
        expected = {table: len(doc[key]) for table, key in OWN.items()}
        roles = {(e["id"], json.dumps(r, sort_keys=True)) for e in doc["entities"] for r in e.get("roles", [])}
        expected["person_roles"] = len(roles)
        stored = {table: counts[table].get(article_id, 0) for table in expected}
        if stored != expected or text != doc["article"]["text"] or article_id not in ids:
            found.append(f"article {article_id}: rows {stored}, document {expected}")
    return found


RECOUNTS = {
    "entity_stats": (
        "SELECT entity_id, mention_count, article_count, mentioned_articles FROM entity_stats",
        "SELECT e.id, (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id), "
        "(SELECT COUNT(*) FROM article_entities ae WHERE ae.entity_id = e.id), "
        "(SELECT COUNT(*) FROM article_entities ae WHERE ae.entity_id = e.id AND ae.inferred = 0) FROM entities e",
    ),
    "edge_stats": (
        "SELECT source, target, type, weight, edges FROM edge_stats",
        "SELECT source, target, type, SUM(weight), COUNT(*) FROM edges WHERE type <> 'said' "
        "GROUP BY source, target, type",
    ),
    "person_role_sets": (
        "SELECT entity_id, title, of_name, of_entity, n FROM person_role_sets",
        "SELECT entity_id, title, ifnull(of_name, ''), ifnull(of_entity, ''), COUNT(*) FROM person_roles "
        "GROUP BY entity_id, title, ifnull(of_name, ''), ifnull(of_entity, '')",
    ),
}


def stale_counts(store: SQLStore) -> list[str]:
    """The trigger-kept tables whose rows (rows of zeros left out) differ from a recount of the base tables."""

    def rows(sql: str) -> set[tuple[Any, ...]]:
        return {tuple(row) for row in store.conn.execute(sql) if any(row[3:])}

    return [table for table, (kept, recount) in RECOUNTS.items() if rows(kept) != rows(recount)]


DUMP = {
    "articles": "SELECT id, document FROM articles",
    "entities": "SELECT id, name, type, named, aliases, kb FROM entities",
    "mentions": "SELECT article_id, seq, start_offset, end_offset, entity_id FROM mentions",
    "quotes": "SELECT article_id, id, start_offset, end_offset, text, kind, cue, speaker_id FROM quotes",
    "edges": "SELECT article_id, seq, source, target, type, weight FROM edges",
    "person_names": "SELECT name_key, entity_id FROM person_names",
    # decisions by their reason, not their number: PostgreSQL's sequence skips the numbers of rolled-back ones
    "curation_log": "SELECT action, entity, args, why FROM curation_log",
    "entity_redirects": "SELECT from_id, to_id, why FROM entity_redirects JOIN curation_log ON seq = log_seq",
    "entity_overrides": "SELECT entity_id, name, type, aliases FROM entity_overrides",
    "mention_moves": "SELECT m.article_id, m.start_offset, m.end_offset, m.from_id, m.to_id, l.why "
    "FROM mention_moves m JOIN curation_log l ON l.seq = m.log_seq",
}


def logical_dump(location: str) -> dict[str, list[tuple[Any, ...]]]:
    """The store's content, sorted: documents, entities, mentions, quotes, edges and curation, no surrogate keys."""
    with open_store(location) as store:
        return {name: sorted((tuple(r) for r in store.conn.execute(sql)), key=repr) for name, sql in DUMP.items()}


def differences(got: dict[str, list[Any]], expected: dict[str, list[Any]]) -> dict[str, Any]:
    """Per table that differs: a few rows only in `got` and a few only in `expected`."""
    out = {}
    for table in expected:
        extra, missing = ([r for r in a[table] if r not in b[table]] for a, b in ((got, expected), (expected, got)))
        if extra or missing:
            out[table] = f"{len(extra)} rows more, {len(missing)} fewer: {extra[:1]!r:.300} for {missing[:1]!r:.300}"
    return out


# ------------------------------------------------------------------ kill -9 during ingest and process


def test_kill_9_during_ingest_and_process_then_resume(databases: Databases, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    ids = set(write_corpus(corpus, ARTICLES, SEED))
    reference, crashed = databases.new(), databases.new()
    uninterrupted = warta(reference, "ingest", str(corpus))  # beside the first rounds: the machine has two cores
    rng, progress = random.Random(f"{SEED}-{databases.backend}"), list[int]()
    with open_store(crashed):
        pass  # created before the first run, so that the first poll finds its tables
    for round_ in range(KILLS):
        stored = progress[-1] if progress else 0
        # ingest saves article by article: killed just after a few more are stored; process saves 200 at once at
        # its end: killed at a random time (mostly while it processes, sometimes while it saves)
        command = ["process", "--input", str(corpus), "--workers", "1"] if round_ == 2 else ["ingest", str(corpus)]
        at_least, patience = (
            (stored + rng.randint(1, 40), TIMEOUT) if round_ != 2 else (ARTICLES + 1, rng.uniform(2, 6))
        )
        writer = warta(crashed, *command)
        kill_when(writer, crashed, "SELECT COUNT(*) FROM articles", at_least, rng.uniform(0, 0.05), patience)
        assert problems(crashed, ids) == [], f"after kill {round_ + 1} ({command[0]})"
        progress.append(len(logical_dump(crashed)["articles"]))
    finish(uninterrupted)
    finish(warta(crashed, "ingest", str(corpus)))
    assert problems(crashed, ids) == [] and problems(reference, ids) == []
    expected = logical_dump(reference)
    assert len(expected["articles"]) == ARTICLES
    assert differences(logical_dump(crashed), expected) == {}, f"articles stored after each kill: {progress}"
    print(f"ingest on {databases.backend}: articles stored after each kill: {progress}")


# ------------------------------------------------------------------ kill -9 during curation

CURATE = """
import json, sys
from warta.store import open_store
steps = json.loads(open(sys.argv[2], encoding="utf-8").read())
with open_store(sys.argv[1]) as store:
    done = {entry.why for entry in store.curation_log(limit=10_000)}
    for step in steps:
        if step["why"] not in done:
            store.curate(step["action"], step["entity"], dict(step["args"]), "crash-test", step["why"])
"""


def decisions(location: str) -> list[dict[str, Any]]:
    """A run of merges (one a chain), renames, an alias, deletions, a split and a retype over the corpus."""
    with open_store(location) as store:
        ids = {row.name: row.id for row in queries.collect(partial(queries.list_entities, store, "person"), 1000)}
        moved = store.conn.execute(
            "SELECT article_id, start_offset, end_offset FROM mentions WHERE entity_id = ? ORDER BY article_id, seq",
            (ids["Rina Marlina"],),
        ).fetchall()[:2]
        body = queries.list_entities(store, type="government_body", limit=1).items[0].id
        city = queries.list_entities(store, type="city", limit=1).items[0].id
    steps: list[tuple[str, str, dict[str, Any]]] = [
        ("merge", ids["Siti Rahmawati"], {"into": ids["Sri Wahyuni"]}),
        ("rename", ids["Budi Santoso"], {"name": "Budi Santoso, S.H."}),
        ("alias", ids["Dewi Lestari"], {"alias": "Bu Dewi"}),
        ("delete", ids["Joko Prasetyo"], {}),
        ("split", ids["Rina Marlina"], {"mentions": [list(m) for m in moved], "name": "Rina Marlina (Bantul)"}),
        ("retype", body, {"type": "agency"}),
        ("merge", ids["Agus Salim"], {"into": ids["Bambang Sutrisno"]}),
        ("rename", city, {"name": "Kab. Pilihan"}),
        ("merge", ids["Nurul Hidayah"], {"into": ids["Yuni Kartika"]}),
        ("delete", ids["Hendra Gunawan"], {}),
        ("rename", ids["Ahmad Suryadi"], {"name": "H. Ahmad Suryadi"}),
        ("merge", ids["Bambang Sutrisno"], {"into": ids["Sri Wahyuni"]}),
    ]
    return [{"action": a, "entity": e, "args": args, "why": f"step {n}"} for n, (a, e, args) in enumerate(steps)]


def test_kill_9_during_curation_then_resume(databases: Databases, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    ids = set(write_corpus(corpus, ARTICLES // 2, SEED + 1))
    reference, crashed = databases.new(), databases.new()
    for ingest in [warta(reference, "ingest", str(corpus)), warta(crashed, "ingest", str(corpus))]:
        finish(ingest)
    steps = decisions(reference)
    expected = [logical_dump(reference)]  # the store after each prefix of the decisions, run in this process
    with open_store(reference) as store:
        for step in steps:
            store.curate(step["action"], step["entity"], dict(step["args"]), "crash-test", step["why"])
            expected.append(logical_dump(reference))
    plan = tmp_path / "steps.json"
    plan.write_text(json.dumps(steps), encoding="utf-8")
    rng, progress = random.Random(f"{SEED}-curation-{databases.backend}"), list[int]()
    for round_ in range(KILLS):
        runner = subprocess.Popen([sys.executable, "-c", CURATE, crashed, str(plan)], stderr=subprocess.PIPE)
        at_least = (progress[-1] if progress else 0) + rng.randint(0, 2)  # killed during one of the next decisions
        kill_when(runner, crashed, "SELECT COUNT(*) FROM curation_log", at_least, rng.uniform(0, 0.03))
        state = logical_dump(crashed)
        applied = len(state["curation_log"])
        progress.append(applied)
        assert {row[3] for row in state["curation_log"]} == {s["why"] for s in steps[:applied]}
        assert state == expected[applied], f"after kill {round_ + 1}: decision {applied} partly applied"
        assert problems(crashed, ids) == [], f"after kill {round_ + 1}"
    finish(subprocess.Popen([sys.executable, "-c", CURATE, crashed, str(plan)], stderr=subprocess.PIPE))
    assert problems(crashed, ids) == []
    assert logical_dump(crashed) == expected[-1], f"decisions applied after each kill: {progress}"
    print(f"curation on {databases.backend}: decisions applied after each kill: {progress}")


# ------------------------------------------------------------------ serving beside a running ingest


def test_serving_beside_a_running_ingest(databases: Databases, tmp_path: Path) -> None:
    corpus, location, port = tmp_path / "corpus.jsonl", databases.new(), free_port()
    write_corpus(corpus, ARTICLES, SEED + 2)
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        argv = [sys.executable, "-m", "warta", "--db", location, "serve", "--port", str(port)]
        server = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            wait_until_serving(client, server)
            ingest = warta(location, "ingest", str(corpus))
            answers = hammer(client, ingest)
            ingest_log = finish(ingest)
            answers += hammer(client, None)
    finally:
        server.send_signal(signal.SIGINT)
        with suppress(subprocess.TimeoutExpired):
            server.wait(timeout=30)
        server.kill()  # nothing when it has stopped
        server.wait()
    served = log.read_text(encoding="utf-8", errors="replace")
    assert [a for a in answers if a[1] >= 500] == [], served[-2000:]
    assert len(answers) > 20 and {a[1] for a in answers} == {200}
    for text in (served, ingest_log):
        assert "Traceback" not in text and "locked" not in text and "ERROR" not in text, text[-2000:]


def wait_until_serving(client: httpx.Client, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped"
        try:
            if client.get("/api/v1/articles").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")


def hammer(client: httpx.Client, writer: subprocess.Popen[bytes] | None) -> list[tuple[str, int]]:
    """GET the read endpoints over and over while `writer` runs (once round without one); (path, status)s."""
    answers: list[tuple[str, int]] = []
    while True:
        paths = ["/api/v1/articles", "/api/v1/entities", "/api/v1/search?q=anggaran", "/", "/api/v1/quotes"]
        entities = client.get("/api/v1/entities", params={"type": "person"}).json()["items"]
        articles = client.get("/api/v1/articles").json()["items"]
        paths += [f"/entitas/{e['id']}" for e in entities[:2]] + [f"/artikel/{a['id']}" for a in articles[:1]]
        answers += [(path, client.get(path).status_code) for path in paths]
        if writer is None or writer.poll() is not None:
            return answers
