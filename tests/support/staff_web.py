"""The staff web server on its own (no Rasa), for the staff-view tests: start and stop it, point this process at
a test module's own database, create accounts, follow no redirects, read a download."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page

from tests.support.running_bot import ROOT, free_port


def start_web(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "bot", "web", "--port", str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the web server did not start")
        time.sleep(0.3)
    return process, url


def stop_web(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@contextmanager
def own_database(values: dict[str, str], unset: Iterable[str] = ()) -> Iterator[None]:
    """Set these variables (and remove `unset`) for this process, migrate that database, and put everything
    back afterwards, so the modules after this one use the session's database again."""
    from bot import settings
    from bot.store import db, migrate

    unset = list(unset)
    saved = {name: os.environ.get(name) for name in [*values, *unset]}
    os.environ.update(values)
    for name in unset:
        os.environ.pop(name, None)
    settings.reset()  # read the environment again
    db.engine.cache_clear()  # the default engine is cached: point it at this database
    migrate.upgrade()
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        settings.reset()
        db.engine.cache_clear()


def create_staff(account: str, password: str, *flags: str, env: dict[str, str] | None = None) -> None:
    done = subprocess.run([sys.executable, "-m", "bot", "create-staff", account, "--password-stdin", *flags],
                          cwd=ROOT, env=env, input=password + "\n", text=True, capture_output=True, check=False)
    assert done.returncode == 0, done.stderr


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def read_download(page: Page, link_name: object) -> str:
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name).click()  # type: ignore[arg-type]
    return Path(download.value.path()).read_text()
