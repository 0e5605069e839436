"""Driving ``annotator serve`` and Debian's Chromium for the browser tests.

The server is the real command in a subprocess (``--port 0``: it prints the port it got). The
browser is Debian's ``chromium`` package, launched by Playwright through ``executable_path``:
Playwright's own browser downloads are never used. The screen is read from xterm.js's buffer,
the terminal object textual-serve's ``textual.js`` creates: it keeps it only as a property
``terminal`` of an object local to its ``window.onload``, so an init script catches the
assignment (a setter on Object.prototype that steps aside after the first use) and exposes the
terminal as ``window.__annotatorTerminal``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

#: Chromium flags for a quiet, hermetic run (no network calls of its own, no GPU, no sandbox
#: since CI runs as root).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal", {
      value, writable: true, configurable: true, enumerable: true,
    });
    if (value && value.buffer && value.unicode && !window.__annotatorTerminal) {
      window.__annotatorTerminal = value;
    }
  },
});
"""

#: The rows on screen, as xterm.js holds them (one string per row, cells in visual order).
READ_ROWS = """() => {
  const term = window.__annotatorTerminal;
  if (!term) return null;
  const buffer = term.buffer.active;
  const rows = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows;
}"""

WAIT_FOR_TEXT = (
    "(needle) => { const rows = (" + READ_ROWS + ")(); "
    "return rows !== null && rows.join('\\n').includes(needle); }"
)
WAIT_FOR_NO_TEXT = (
    "(needle) => { const rows = (" + READ_ROWS + ")(); "
    "return rows !== null && !rows.join('\\n').includes(needle); }"
)


def chromium_path() -> str:
    """Debian's chromium, or a skip saying what to install."""
    pytest.importorskip("textual_serve", reason="textual-serve is not installed (annotator[serve])")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip)")
    path = shutil.which("chromium")
    if path is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return path


class Served:
    """One ``annotator serve`` process; its output is collected as it comes."""

    def __init__(self, project: Path, *args: str, cwd: Path | None = None) -> None:
        command = [sys.executable, "-m", "annotator", "serve", str(project), "--port", "0", *args]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("COLUMNS", None)
        env.pop("LINES", None)
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
            cwd=cwd,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.url = self._wait_for_url()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def _wait_for_url(self, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                found = re.search(r"http://[^\s?]+", line)
                if found:
                    return found.group(0)
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise AssertionError("annotator serve printed no URL:\n" + self.output)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def stop(self) -> int:
        """Stop as Ctrl+C does; every app it started gets to save first."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._reader.join(timeout=5)
        return self.process.returncode


class Terminal:
    """One browser page showing the served app, read and typed into through xterm.js."""

    def __init__(self, page: Any) -> None:
        self.page = page
        page.add_init_script(CATCH_TERMINAL)
        # Nothing leaves the machine: textual-serve's page asks Google Fonts for a font.
        page.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/]|localhost[:/])"), _abort)

    def open(self, url: str) -> Any:
        return self.page.goto(url, wait_until="load", timeout=30_000)

    def rows(self) -> list[str]:
        rows = self.page.evaluate(READ_ROWS)
        return list(rows or [])

    def text(self) -> str:
        return "\n".join(row.rstrip() for row in self.rows())

    def wait_for(self, needle: str, timeout: float = 40) -> str:
        try:
            self.page.wait_for_function(
                WAIT_FOR_TEXT, arg=needle, timeout=timeout * 1000, polling=100
            )
        except Exception as err:
            raise AssertionError(f"{needle!r} never appeared on screen:\n{self.text()}") from err
        return self.text()

    def wait_until_gone(self, needle: str, timeout: float = 20) -> str:
        try:
            self.page.wait_for_function(
                WAIT_FOR_NO_TEXT, arg=needle, timeout=timeout * 1000, polling=100
            )
        except Exception as err:
            raise AssertionError(f"{needle!r} stayed on screen:\n{self.text()}") from err
        return self.text()

    def focus(self) -> None:
        self.page.evaluate("() => window.__annotatorTerminal.focus()")

    def press(self, keys: Sequence[str]) -> None:
        """Press keys one by one, as a person would (Playwright key names)."""
        for key in keys:
            self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text, delay=20)

    def wait_closed(self, timeout: float = 30) -> None:
        """textual-serve marks the page ``-closed`` when the app's process has ended."""
        self.page.wait_for_selector("body.-closed", state="attached", timeout=timeout * 1000)


def _abort(route: Any) -> None:
    route.abort()
