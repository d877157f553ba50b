"""End-to-end tests of `herald run` and its database: the schema, a second
run that changes nothing, a document under a second URL, refusals (not a
database, a newer schema), and kill -9 at several points followed by a
second run that ends equal to an uninterrupted one."""
import glob
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import tempfile
import time
import unittest

from test_cli import EXAMPLES, HERALD, run

TABLES = ("documents", "document_urls", "paragraphs", "mentions", "events",
          "event_mentions", "dirty_groups", "dirty_dyads")


PG_URL = os.environ.get("HERALD_PG_URL", "")


class SQLite:
    """A fresh SQLite file per database the tests ask for."""
    name = "sqlite"

    def __init__(self, d):
        self.d = d

    def new(self, name):
        return os.path.join(self.d, name + ".db")

    def rows(self, db, sql):
        con = sqlite3.connect(db)
        try:
            return [tuple(str(v) if v is not None else "" for v in r)
                    for r in con.execute(sql)]
        finally:
            con.close()

    def execute(self, db, sql):
        con = sqlite3.connect(db)
        con.execute(sql)
        con.commit()
        con.close()


class Postgres:
    """A fresh database on the test server (tests/run.sh starts it and sets
    HERALD_PG_URL) per database the tests ask for."""
    name = "postgresql"
    serial = 0

    def __init__(self, d):
        self.base = PG_URL.rsplit("/", 1)[0]

    def new(self, name):
        Postgres.serial += 1
        db = "h_%d_%d_%s" % (os.getpid(), Postgres.serial, name)
        subprocess.run(["psql", "-q", PG_URL, "-c", "DROP DATABASE IF EXISTS %s" % db],
                       check=True, capture_output=True)
        subprocess.run(["psql", "-q", PG_URL, "-c", "CREATE DATABASE %s" % db],
                       check=True, capture_output=True)
        return "%s/%s" % (self.base, db)

    def rows(self, db, sql):
        p = subprocess.run(["psql", "-X", "-A", "-t", "-F", "\x1f", db, "-c", sql],
                           check=True, capture_output=True)
        return [tuple(l.split("\x1f")) for l in p.stdout.decode().splitlines() if l]

    def execute(self, db, sql):
        subprocess.run(["psql", "-q", db, "-c", sql], check=True, capture_output=True)


def content(be, db):
    """A checksum of every table's rows, whatever their order."""
    out = {}
    for t in TABLES:
        h = hashlib.sha256()
        for row in sorted(repr(r) for r in be.rows(db, "SELECT * FROM %s" % t)):
            h.update(row.encode())
        out[t] = h.hexdigest()[:16]
    return out


def counts(be, db):
    return {t: int(be.rows(db, "SELECT COUNT(*) FROM %s" % t)[0][0]) for t in TABLES}


def corpus(d, n):
    """n distinct articles (JSON Lines), made from the bundled text examples
    with a paragraph of their own each, so that they are neither exact nor
    near duplicates of one another."""
    texts = []
    for f in sorted(glob.glob(os.path.join(EXAMPLES, "text", "*.txt"))):
        with open(f, encoding="utf-8") as fh:
            texts.append(fh.read())
    path = os.path.join(d, "corpus.jsonl")
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            words = " ".join("w%d%d" % (i, k) for k in range(60))
            body = "Bulletin %d. %s.\n\n%s" % (i, words, texts[i % len(texts)])
            out.write(json.dumps({"url": "https://example.org/%d" % i,
                                  "date": "2020-10-%02d" % (1 + i % 28),
                                  "text": body}) + "\n")
    return path


class Store:
    """The same tests for each backend (a mixin: see the classes below)."""
    backend = None

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.d = self.tmp.name
        self.be = self.backend(self.d)

    def tearDown(self):
        self.tmp.cleanup()

    def test_examples_then_again_changes_nothing(self):
        be, db = self.be, self.be.new("examples")
        p = run("run", "--db", db, EXAMPLES, check_exit=0)
        self.assertIn("the database holds", p.stderr.decode())
        c1 = counts(be, db)
        self.assertGreater(c1["documents"], 5)
        self.assertGreater(c1["mentions"], 50)
        self.assertGreater(c1["events"], 20)
        self.assertEqual(c1["dirty_groups"], 0)
        self.assertEqual(c1["event_mentions"], c1["mentions"])
        self.assertEqual(be.rows(db, "SELECT value FROM herald_meta WHERE key = "
                                     "'schema_version'")[0][0], "1")
        # every mention belongs to exactly one event, and the counts add up
        bad = be.rows(db, "SELECT COUNT(*) FROM events e WHERE e.mentions + e.repeats"
                          " != (SELECT COUNT(*) FROM event_mentions m WHERE m.event = e.id)")
        self.assertEqual(bad[0][0], "0")
        before = content(be, db)
        p = run("run", "--db", db, EXAMPLES, check_exit=0)
        self.assertEqual(content(be, db), before)
        self.assertIn("16 already stored", p.stderr.decode())

    def test_same_text_under_another_url_adds_the_url(self):
        text = ("Azerbaijan accused Armenia of shelling the town of Tartar on "
                "Monday, the Defence Ministry in Baku said.")
        f = os.path.join(self.d, "a.jsonl")
        with open(f, "w") as out:
            for u in ("https://one.example/a", "https://two.example/b"):
                out.write(json.dumps({"url": u, "date": "2020-10-12", "text": text}) + "\n")
        db = self.be.new("urls")
        run("run", "--db", db, f, check_exit=0)
        c = counts(self.be, db)
        self.assertEqual(c["documents"], 1)
        self.assertEqual(c["document_urls"], 2)
        self.assertGreaterEqual(c["mentions"], 1)

    def test_incremental_runs_add(self):
        # new input adds to what is there; the old documents stay as they were
        be = self.be
        text = os.path.join(EXAMPLES, "text")
        db = be.new("incr")
        run("run", "--db", db, os.path.join(text, "01_newsline_baku_launchers.txt"),
            check_exit=0)
        first = counts(be, db)
        docs = be.rows(db, "SELECT id, date FROM documents")
        run("run", "--db", db, text, check_exit=0)
        second = counts(be, db)
        self.assertGreater(second["documents"], first["documents"])
        self.assertGreater(second["events"], first["events"])
        self.assertEqual(second["dirty_groups"], 0)
        for row in docs:
            self.assertIn(row, be.rows(db, "SELECT id, date FROM documents"))

    def test_newer_schema_is_refused(self):
        be, db = self.be, self.be.new("newer")
        run("run", "--db", db, os.path.join(EXAMPLES, "text", "01_newsline_baku_launchers.txt"),
            check_exit=0)
        be.execute(db, "UPDATE herald_meta SET value = '99' WHERE key = 'schema_version'")
        p = run("run", "--db", db, EXAMPLES, check_exit=1)
        self.assertIn(b"schema version 99", p.stderr)
        self.assertEqual(counts(be, db)["documents"], 1)

    def test_kill_at_several_points(self):
        """kill -9 at several points of a run: the database opens, holds
        whole documents only, and a second run ends equal to an
        uninterrupted one."""
        be = self.be
        src = corpus(self.d, 240)
        whole = be.new("whole")
        t0 = time.monotonic()
        run("run", "--quiet", "--db", whole, src, check_exit=0)
        took = time.monotonic() - t0
        want = content(be, whole)
        self.assertGreater(counts(be, whole)["documents"], 200)
        killed_midway = 0
        for k, frac in enumerate((0.15, 0.35, 0.55, 0.75, 0.9)):
            db = be.new("k%d" % k)
            p = subprocess.Popen([HERALD, "run", "--quiet", "--db", db, src],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(took * frac)
            if p.poll() is None:
                os.kill(p.pid, signal.SIGKILL)
                killed_midway += 1
            p.wait()
            if be.name == "sqlite" and os.path.exists(db):
                self.assertEqual(be.rows(db, "PRAGMA integrity_check")[0][0], "ok")
            if be.name != "sqlite" or os.path.exists(db):
                try:
                    partial = be.rows(db,
                        "SELECT COUNT(*) FROM documents d WHERE d.paragraphs != "
                        "(SELECT COUNT(*) FROM paragraphs p WHERE p.doc = d.id) OR d.mentions != "
                        "(SELECT COUNT(*) FROM mentions m WHERE m.doc = d.id)")[0][0]
                    self.assertEqual(partial, "0")
                except (sqlite3.OperationalError, subprocess.CalledProcessError):
                    pass  # killed before the schema was made
            run("run", "--quiet", "--db", db, src, check_exit=0)
            self.assertEqual(content(be, db), want, "killed at %.0f%% of the run" % (frac * 100))
        self.assertGreater(killed_midway, 0)


class SQLiteStore(Store, unittest.TestCase):
    backend = SQLite

    def test_progress_line_on_a_terminal(self):
        """On a terminal, standard error shows a progress line (documents, MB,
        rate, time left); in a pipe it does not."""
        import pty
        src = corpus(self.d, 1200)
        master, slave = pty.openpty()
        p = subprocess.Popen([HERALD, "run", "--db", self.be.new("tty"), src],
                             stdout=subprocess.DEVNULL, stderr=slave)
        os.close(slave)
        out = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        p.wait()
        os.close(master)
        self.assertEqual(p.returncode, 0, out)
        text = out.decode("utf-8", "replace")
        self.assertRegex(text, r"\rherald: \d+ documents, [\d.]+ MB, [\d.]+ MB/s, ETA \d+m\d\ds")
        self.assertIn("the database holds", text)
        piped = run("run", "--db", self.be.new("pipe"), src, check_exit=0).stderr.decode()
        self.assertNotIn("\r", piped)

    def test_not_a_database(self):
        db = os.path.join(self.d, "junk.db")
        junk = os.urandom(8192)
        with open(db, "wb") as f:
            f.write(junk)
        p = run("run", "--db", db, os.path.join(EXAMPLES, "text"), check_exit=1)
        self.assertIn(b"junk.db", p.stderr)
        self.assertIn(b"not", p.stderr)
        with open(db, "rb") as f:
            self.assertEqual(f.read(), junk)

    def test_full_disk(self):
        """A file size limit stands for a full disk: the run stops with a
        clear message, the database stays consistent, and a run with room
        completes it to what an uninterrupted run gives."""
        import resource
        src = corpus(self.d, 160)
        whole = self.be.new("whole")
        run("run", "--quiet", "--db", whole, src, check_exit=0)
        db = self.be.new("full")

        def limit():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (300 * 1024, 300 * 1024))

        p = subprocess.run([HERALD, "run", "--quiet", "--db", db, src], capture_output=True,
                           preexec_fn=limit)
        self.assertEqual(p.returncode, 1, p.stderr)
        err = p.stderr.decode()
        self.assertIn("full.db", err)
        self.assertTrue("full" in err or "large" in err or "disk" in err or "I/O" in err, err)
        self.assertEqual(self.be.rows(db, "PRAGMA integrity_check")[0][0], "ok")
        run("run", "--quiet", "--db", db, src, check_exit=0)
        self.assertEqual(content(self.be, db), content(self.be, whole))

    def test_wal_and_integrity(self):
        db = self.be.new("wal")
        run("run", "--db", db, os.path.join(EXAMPLES, "text"), check_exit=0)
        self.assertEqual(self.be.rows(db, "PRAGMA journal_mode")[0][0], "wal")
        self.assertEqual(self.be.rows(db, "PRAGMA integrity_check")[0][0], "ok")


@unittest.skipUnless(PG_URL, "PostgreSQL tests skipped: no server (HERALD_PG_URL unset; "
                             "tests/run.sh starts one when it can)")
class PostgresStore(Store, unittest.TestCase):
    backend = Postgres

    def test_server_goes_away_mid_run(self):
        """A private server stopped during a run: the run stops with a clear
        message, nothing half-written stays, and once the server is back a
        second run completes to what an uninterrupted run gives."""
        import socket
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        script = os.path.join(root, "scripts", "pg-test.sh")
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        sock.close()
        pgdir = os.path.join(self.d, "pg")
        url = subprocess.run([script, "start", pgdir, str(port)], check=True,
                             capture_output=True).stdout.decode().strip()
        try:
            src = corpus(self.d, 240)
            whole = self.be.new("whole")
            t0 = time.monotonic()
            run("run", "--quiet", "--db", whole, src, check_exit=0)
            took = time.monotonic() - t0
            p = subprocess.Popen([HERALD, "run", "--quiet", "--db", url, src],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(took * 0.4)
            subprocess.run([script, "stop", pgdir], check=True, capture_output=True)
            err = p.communicate(timeout=120)[1].decode()
            if p.returncode == 0:
                self.skipTest("the run ended before the server stopped")
            self.assertEqual(p.returncode, 1, err)
            self.assertIn("127.0.0.1:%d" % port, err)
            subprocess.run([script, "start", pgdir, str(port)], check=True, capture_output=True)
            partial = self.be.rows(url,
                "SELECT COUNT(*) FROM documents d WHERE d.paragraphs != "
                "(SELECT COUNT(*) FROM paragraphs p WHERE p.doc = d.id) OR d.mentions != "
                "(SELECT COUNT(*) FROM mentions m WHERE m.doc = d.id)")[0][0]
            self.assertEqual(partial, "0")
            run("run", "--quiet", "--db", url, src, check_exit=0)
            self.assertEqual(content(self.be, url), content(self.be, whole))
        finally:
            subprocess.run([script, "stop", pgdir], capture_output=True)

    def test_unreachable_server(self):
        p = run("run", "--db", "postgresql://herald@127.0.0.1:9/nowhere",
                os.path.join(EXAMPLES, "text"), check_exit=1)
        self.assertIn(b"127.0.0.1", p.stderr)


if __name__ == "__main__":
    unittest.main()
