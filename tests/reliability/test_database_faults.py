"""PostgreSQL stops under load: requests fail cleanly, then the app recovers by itself."""

import threading
import time
import urllib.error
import urllib.request

from tests.conftest import migrate
from tests.support import postgres
from tests.support.fixture_types import MakeApp
from tests.support.live_server import serve
from tests.support.state import stored


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
        return 0, str(error)


def _eventually_ok(url: str, seconds: float = 15) -> tuple[int, str]:
    """The app recovers by itself; give the database a moment to accept connections."""
    deadline = time.monotonic() + seconds
    while True:
        status, body = _get(url)
        if status == 200 or time.monotonic() > deadline:
            return status, body
        time.sleep(0.2)


def test_database_stop_and_restart_under_load(make_app: MakeApp) -> None:
    clusters: list = []
    with postgres.throwaway_cluster(clusters) as admin_url:
        url = postgres.create_database(admin_url, "faults")
        migrate(url)
        app = make_app(url)
        with app.app_context():
            from backoffice.core.db import db
            from backoffice.countries.models import Country

            db.session.add(Country(code="FR", **stored("live"), currency="EUR",
                                   timezone="Europe/Paris"))
            db.session.commit()
        with serve(app) as base:
            assert _get(f"{base}/api/v1/countries/FR")[0] == 200
            statuses: list[int] = []
            stop = threading.Event()

            def load() -> None:
                while not stop.is_set():
                    statuses.append(_get(f"{base}/api/v1/countries/FR")[0])

            workers = [threading.Thread(target=load) for _ in range(4)]
            for worker in workers:
                worker.start()
            clusters[0].stop()
            status, body = _get(f"{base}/readyz")
            assert status == 503 and "unreachable" in body
            status, body = _get(f"{base}/api/v1/countries/FR")
            assert status == 503 and "cannot be reached" in body
            clusters[0].start()
            stop.set()
            for worker in workers:
                worker.join()
            # Back without a restart of the app.
            assert _eventually_ok(f"{base}/readyz")[0] == 200
            assert _eventually_ok(f"{base}/api/v1/countries/FR")[0] == 200
            assert set(statuses) <= {200, 503}, statuses  # never a 500, never a hang
