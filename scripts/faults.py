#!/usr/bin/env python3
"""The fault and load suite: coach killed (SIGKILL) at random moments during imports and ticks,
and four importers, a tick loop and a digest loop at once on one SQLite store. After each trial:
PRAGMA integrity_check, the rows against what was acknowledged, and the prompts against an
undisturbed run. Prints a table (tried, survived, lost, refused) and exits 1 unless every trial
survived. Usage: scripts/faults [--kills N] [--seconds S] (see scripts/faults --help)."""
import argparse, os, random, shutil, sqlite3, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KINDS = ["observations", "feedback", "placements", "results"]


def run(coach, *args, check=True):
    p = subprocess.run([coach, *args], cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if check and p.returncode != 0:
        raise SystemExit(f"faults: {' '.join(args)} failed: {p.stderr.strip()}")
    return p


def integrity(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()


def rows(db, table):
    con = sqlite3.connect(db)
    try:
        return con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def prompts(db):
    con = sqlite3.connect(db)
    try:
        return sorted(con.execute("SELECT ruleId, audience, IFNULL(teacherId,''), IFNULL(classId,''), key, week, text "
                                  "FROM prompt").fetchall())
    finally:
        con.close()


def week_incomplete(db, week, monday, sunday):
    """Read straight from the tables: is the week not closed, or are some of its events not
    handled by the engine's cursor yet?"""
    con = sqlite3.connect(db)
    try:
        closed = con.execute("SELECT COUNT(*) FROM weekEnded WHERE week = ?", (week,)).fetchone()[0] > 0
        cursor = con.execute("SELECT day, seq FROM schoolCursor WHERE name = 'engine'").fetchone() or ("", 0)
        pending = con.execute("SELECT COUNT(*) FROM event WHERE time BETWEEN ? AND ? AND (seq > ? OR time > ?)",
                              (monday, sunday, cursor[1], cursor[0])).fetchone()[0]
        return not closed or pending > 0
    finally:
        con.close()


def copy(src, dst):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(src + suffix):
            shutil.copy(src + suffix, dst + suffix)


def killed(coach, args, delay):
    """Starts coach, kills it with SIGKILL after `delay` seconds (if still running); True if it was killed."""
    p = subprocess.Popen([coach, *args], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         stdin=subprocess.DEVNULL)
    time.sleep(delay)
    if p.poll() is None:
        p.kill()
        p.wait()
        return True
    return False


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--coach", default=os.path.join(ROOT, ".build/debug/coach"))
    parser.add_argument("--bench", default=os.path.join(ROOT, "..", "shared", "bench"))
    parser.add_argument("--kills", type=int, default=20, help="kills during import, and as many during tick")
    parser.add_argument("--seconds", type=float, default=20, help="length of the concurrent load trial")
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    coach, rnd = options.coach, random.Random(options.seed)
    work = tempfile.mkdtemp(prefix="coach-faults-")
    try:
        events = os.path.join(work, "events.jsonl")
        with open(events, "w") as out:
            subprocess.run([sys.executable, os.path.join(options.bench, "gen_events.py"), "1", "6", "7", "10", "20"],
                           stdout=out, check=True)
        data = os.path.join(work, "data")
        subprocess.run([sys.executable, os.path.join(options.bench, "to_coach.py"), events, data], check=True,
                       stdout=subprocess.DEVNULL)
        weeks = sorted(os.listdir(os.path.join(data, "weeks")))
        files = {w: [(k, os.path.join(data, "weeks", w, k + ".csv")) for k in KINDS
                     if os.path.exists(os.path.join(data, "weeks", w, k + ".csv"))] for w in weeks}
        names = {w: w.split("-", 1)[1] for w in weeks}

        # The store before any record, and the undisturbed run to compare with.
        base = os.path.join(work, "base.sqlite")
        run(coach, "init", "--db", base)
        run(coach, "import", os.path.join(data, "people.csv"), "--kind", "people", "--db", base)
        reference = os.path.join(work, "reference.sqlite")
        copy(base, reference)
        for w in weeks:
            for kind, path in files[w]:
                run(coach, "import", path, "--kind", kind, "--db", reference)
            run(coach, "tick", "--ahead", "--week", names[w], "--db", reference)
        expected = prompts(reference)
        table = []

        # 1. Killed during an import: the file is all there or not there at all; importing it
        #    again after the kill completes the week exactly.
        tried = survived = lost = refused = 0
        hits = {"import": 0, "tick": 0}
        gaps = 0
        big_week = max(weeks, key=lambda w: sum(os.path.getsize(p) for _, p in files[w]))
        feedback = dict(files[big_week])["feedback"]
        with open(feedback) as f:
            n_rows = sum(1 for _ in f) - 1
        # How long the import takes here: kills land within that time.
        timing = os.path.join(work, "timing.sqlite")
        copy(base, timing)
        started = time.monotonic()
        run(coach, "import", feedback, "--kind", "feedback", "--db", timing)
        import_seconds = time.monotonic() - started
        for trial in range(options.kills):
            db = os.path.join(work, f"import-{trial}.sqlite")
            copy(base, db)
            hits["import"] += killed(coach, ["import", feedback, "--kind", "feedback", "--db", db], rnd.uniform(0.0, import_seconds))
            tried += 1
            after_kill = rows(db, "feedback")
            ok = integrity(db) and after_kill in (0, n_rows)
            again = run(coach, "import", feedback, "--kind", "feedback", "--db", db, check=False)
            refused += again.returncode != 0
            ok = ok and again.returncode == 0 and rows(db, "feedback") == n_rows
            survived += ok
            lost += not ok
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(db + suffix):
                    os.remove(db + suffix)
        table.append(("kill -9 during import", tried, survived, lost, refused))

        # 2. Killed during a tick: the next tick finishes what was pending, and the term's
        #    prompts equal the undisturbed run's.
        tried = survived = lost = refused = 0
        for trial in range(options.kills):
            db = os.path.join(work, f"tick-{trial}.sqlite")
            copy(base, db)
            victim = rnd.choice(weeks)
            ok = True
            for w in weeks:
                for kind, path in files[w]:
                    run(coach, "import", path, "--kind", kind, "--db", db)
                if w == victim:
                    hits["tick"] += killed(coach, ["tick", "--ahead", "--week", names[w], "--db", db], rnd.uniform(0.0, 0.5))
                    ok = ok and integrity(db)
                    # The digest of that week names the gap exactly when there is one.
                    year, number = names[w].split("-W")
                    import datetime
                    monday = datetime.date.fromisocalendar(int(year), int(number), 1)
                    gap = week_incomplete(db, names[w], str(monday), str(monday + datetime.timedelta(days=6)))
                    digest = run(coach, "digest", "--coach", "coach-s0", "--week", names[w], "--db", db, check=False)
                    ok = ok and digest.returncode == 0 and (("Let op" in digest.stdout) == gap)
                    gaps += gap
                again = run(coach, "tick", "--ahead", "--week", names[w], "--db", db, check=False)
                refused += again.returncode != 0
            tried += 1
            ok = ok and integrity(db) and prompts(db) == expected
            survived += ok
            lost += not ok
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(db + suffix):
                    os.remove(db + suffix)
        table.append(("kill -9 during tick", tried, survived, lost, refused))

        # 3. Four importers (one per kind), a tick loop and a digest loop at once. A week is
        #    ticked once all four have imported it; imports wait their turn, none is refused.
        db = os.path.join(work, "load.sqlite")
        copy(base, db)
        acknowledged = {k: set() for k in KINDS}
        lock = threading.Lock()
        counts = {"tried": 0, "refused": 0}
        stop = time.monotonic() + options.seconds
        done = threading.Event()

        def importer(kind):
            for w in weeks:
                path = dict(files[w]).get(kind)
                if path:
                    # Each file twice: the second import must change nothing.
                    for _ in range(2):
                        p = run(coach, "import", path, "--kind", kind, "--db", db, check=False)
                        with lock:
                            counts["tried"] += 1
                            counts["refused"] += p.returncode != 0
                with lock:
                    acknowledged[kind].add(w)

        def ticker():
            for w in weeks:
                while True:
                    with lock:
                        ready = all(w in acknowledged[k] for k in KINDS)
                    if ready:
                        break
                    time.sleep(0.05)
                p = run(coach, "tick", "--ahead", "--week", names[w], "--db", db, check=False)
                with lock:
                    counts["tried"] += 1
                    counts["refused"] += p.returncode != 0
            done.set()

        def reader():
            while not done.is_set() or time.monotonic() < stop:
                p = run(coach, "digest", "--coach", "coach-s0", "--week", names[weeks[0]], "--db", db, check=False)
                with lock:
                    counts["tried"] += 1
                    counts["refused"] += p.returncode != 0
                if done.is_set() and time.monotonic() >= stop:
                    break

        threads = [threading.Thread(target=importer, args=(k,)) for k in KINDS]
        threads += [threading.Thread(target=ticker), threading.Thread(target=reader)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        expected_rows = {t: rows(reference, t) for t in ("feedback", "placement", "result", "observation")}
        ok = integrity(db) and all(rows(db, t) == n for t, n in expected_rows.items()) and prompts(db) == expected
        table.append(("4 importers + tick + digest", counts["tried"], counts["tried"] - counts["refused"] if ok else 0,
                      0 if ok else 1, counts["refused"]))

        print(f"{'trial':32} {'tried':>6} {'survived':>9} {'lost':>5} {'refused':>8}")
        for name, tried, survived, lost, refused in table:
            print(f"{name:32} {tried:6} {survived:9} {lost:5} {refused:8}")
        print(f"(killed while still running: {hits['import']} of {options.kills} imports, {hits['tick']} of {options.kills} ticks; "
              f"{gaps} killed ticks left a gap, each named by the digest)")
        bad = any(lost or refused or survived != tried for _, tried, survived, lost, refused in table)
        print("faults: " + ("NOT ALL SURVIVED" if bad else "all survived: integrity ok, nothing lost, nothing refused, prompts equal"))
        return 1 if bad else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
