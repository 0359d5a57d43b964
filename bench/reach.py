"""Benchmark: 1,000 invitations queued from the caseload and sent by `manage.py db_worker` (django-tasks-db, not the
immediate backend) through a fake provider (a real HTTP server on 127.0.0.1 answering as Twilio's Messages API);
prints the time to send them all and the caseload's p99 before and during the sending (target < 200 ms during).

Run from the project root (PostgreSQL: SQLite holds one writer at a time):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/reach.py [--count 200]
It creates a throw-away test database, prints a line per phase (and every 10 s while sending), prints its figures
and destroys the database. Each phase has a time limit (--phase-timeout, seconds): past it the bench says so and
stops; the db_worker and the fake provider are stopped in every case (error, time limit, Ctrl-C).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.reach_settings"
os.environ.setdefault("BENCH_FIELD_KEY", Fernet.generate_key().decode())

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

INVITATIONS = 1_000
TARGET_MS = 200
PROGRESS_SECONDS = 10
_sids = count()


class FakeTwilio(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's naming
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps({"sid": f"SM{next(_sids):032d}", "status": "queued"}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def say(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class PhaseTimeout(Exception):
    pass


def build(invitations):
    from casework.models import Case, HouseholdMember
    from portal.enums import InvitationKind, OrganisationKind, Role
    from portal.models import Invitation
    from tests.casework.factories import ProgrammeFactory
    from tests.casework.test_query_counts import make_cases
    from tests.portal.factories import MembershipFactory, OrganisationFactory

    association = OrganisationFactory(kind=OrganisationKind.ASSOCIATION, name="Association banc", phone="0238000000")
    coordinator = MembershipFactory(organisation=association, role=Role.COORDINATOR).user
    programme = ProgrammeFactory(association=association)
    make_cases(programme, invitations, coordinator)
    cases = list(Case.objects.filter(programme=programme).select_related("household"))
    HouseholdMember.objects.bulk_create(
        [
            HouseholdMember(household=c.household, first_name="A", last_name="B", phone=f"06{i:08d}")
            for i, c in enumerate(cases)
        ]
    )
    for case in cases:
        case.invitation = Invitation.issue(kind=InvitationKind.HOUSEHOLD, organisation=association, days=60)
    Case.objects.bulk_update(cases, ["invitation"])
    return coordinator, programme


def caseload_times(client, stop=None, rounds=60, progress=None):
    times = []
    last = time.perf_counter()
    while (stop is None and len(times) < rounds) or (stop is not None and not stop()):
        if progress is not None and time.perf_counter() - last >= PROGRESS_SECONDS:
            last = time.perf_counter()
            progress(times)
        started = time.perf_counter()
        assert client.get("/partenaires/dossiers/").status_code == 200
        times.append((time.perf_counter() - started) * 1000)
    return times


def queue_all(programme):
    from django.db import transaction

    from casework import outreach
    from casework.models import Case

    started = time.perf_counter()
    queued = 0
    with transaction.atomic():
        for case in Case.objects.filter(programme=programme).select_related("invitation"):
            if outreach.can_invite(case):
                outreach.queue(case, ["sms"])
                queued += 1
    return queued, time.perf_counter() - started


def start_worker(server_port, log):
    env = {
        **os.environ,
        "BENCH_DB_NAME": connection.settings_dict["NAME"],
        "TWILIO_API_BASE": f"http://127.0.0.1:{server_port}",
    }
    return subprocess.Popen(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), "db_worker", "--interval", "0.05"],
        env=env,
        # Its output goes to a file: a pipe nobody reads fills up and blocks the worker (the old 20-minute silence).
        stdout=subprocess.DEVNULL,
        stderr=log,
    )


def stop_worker(worker):
    if worker is None or worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(timeout=20)
    say(f"db_worker arrêté (pid {worker.pid})")


def send_all(client, worker, phase_timeout):
    """The sending phase: the caseload is timed until every invitation is sent or refused, or the time limit."""
    from casework.models import Outreach

    pending = Outreach.objects.filter(sent_at__isnull=True, not_sent="")
    started = time.perf_counter()
    deadline = started + phase_timeout

    def done():
        if worker.poll() is not None:
            raise RuntimeError(f"db_worker s'est arrêté (code {worker.returncode})")
        if time.perf_counter() > deadline:
            raise PhaseTimeout(f"envoi non terminé après {phase_timeout} s ({pending.count()} en attente)")
        return not pending.exists()

    def progress(times):
        from django_tasks_db.models import DBTaskResult

        p99 = f"p99 {percentile(times, 0.99):.0f} ms" if times else "pas encore de mesure"
        failed = DBTaskResult.objects.failed().count()
        say(f"envoi : {pending.count()} en attente, {failed} tâches en échec, caseload {p99} ({len(times)} requêtes)")

    during = caseload_times(client, stop=done, progress=progress)
    return during, time.perf_counter() - started


def report(label, times, judged):
    if not times:
        say(f"Caseload {label} : aucune mesure")
        return
    verdict = ("OK" if percentile(times, 0.99) < TARGET_MS else "AU-DESSUS DE LA CIBLE") if judged else ""
    say(
        f"Caseload {label:<16} p50 {percentile(times, 0.5):6.1f} ms  p99 {percentile(times, 0.99):6.1f} ms"
        f"  ({len(times)} requêtes)  {verdict}"
    )


def run(server_port, invitations, phase_timeout):
    from casework.models import Outreach
    from tests.conftest import verify_client

    started = time.perf_counter()
    coordinator, programme = build(invitations)
    say(f"{invitations} dossiers créés en {time.perf_counter() - started:.1f} s ({connection.vendor})")
    client = verify_client(Client(), coordinator)
    caseload_times(client, rounds=5)  # warm
    before = caseload_times(client)
    report("avant l'envoi", before, False)
    queued, queue_seconds = queue_all(programme)
    say(f"{queued} invitations mises en file en {queue_seconds:.1f} s")
    log_path = Path(tempfile.gettempdir()) / f"reach-db_worker-{os.getpid()}.log"
    with log_path.open("w") as log:
        worker = start_worker(server_port, log)
        say(f"db_worker démarré (pid {worker.pid}, journal {log_path})")
        try:
            during, seconds = send_all(client, worker, phase_timeout)
        finally:
            stop_worker(worker)
    sent = Outreach.objects.filter(sent_at__isnull=False).count()
    say(f"{sent} SMS envoyés par db_worker au faux fournisseur en {seconds:.1f} s ({sent / seconds:.0f} par seconde)")
    report("avant l'envoi", before, False)
    report("pendant l'envoi", during, True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=INVITATIONS, help="invitations à envoyer (1 000 par défaut)")
    parser.add_argument("--phase-timeout", type=int, default=600, help="limite de chaque phase, en secondes")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeTwilio)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    say(f"faux fournisseur sur 127.0.0.1:{server.server_port}")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        run(server.server_port, args.count, args.phase_timeout)
    except PhaseTimeout as error:
        say(f"ARRÊT : {error}")
        sys.exit(1)
    finally:
        server.shutdown()
        server.server_close()
        say("faux fournisseur arrêté")
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
