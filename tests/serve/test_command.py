"""``annotator serve`` as a command: what it refuses, what it prints, how it stops. No browser:
plain HTTP from Python against the real server process."""

from __future__ import annotations

import shlex
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from annotator.cli import build_parser
from annotator.commands.serve import app_command
from annotator.store.project import Project
from tests.cli_helpers import run_cli
from tests.serve.browser import Served

pytest.importorskip("textual_serve", reason="textual-serve is not installed (annotator[serve])")


def test_another_host_without_a_token_file_refuses_to_start(sample_project: Project) -> None:
    for host in ("0.0.0.0", "::", "192.168.1.10", "example.org"):
        result = run_cli("serve", sample_project.root, "--as", "me", "--host", host)
        assert result.returncode == 1, host
        assert result.stderr.startswith(f"annotator: --host {host} lets other machines")
        assert "--token-file" in result.stderr
        assert "Traceback" not in result.stderr
        assert len(result.stderr.splitlines()) == 1


def test_a_weak_token_file_refuses_to_start(sample_project: Project, tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("hunter2\n", encoding="utf-8")
    result = run_cli("serve", sample_project.root, "--host", "0.0.0.0", "--token-file", token_file)
    assert result.returncode == 1
    assert result.stderr.startswith(f"annotator: {token_file}: the token is 7 characters long")
    assert "hunter2" not in result.stderr + result.stdout
    missing = run_cli("serve", sample_project.root, "--token-file", tmp_path / "nope")
    assert missing.returncode == 1
    assert missing.stderr == f"annotator: {tmp_path / 'nope'}: token file not found\n"


def test_bad_project_annotator_or_document_refused_before_listening(
    sample_project: Project, tmp_path: Path
) -> None:
    cases = [
        (["serve", tmp_path / "nowhere", "--as", "me"], "nowhere"),
        (["serve", sample_project.root, "--as", "bad name"], "annotator name"),
        (["serve", sample_project.root, "--as", "me", "--doc", "nope"], "no document 'nope'"),
        (["serve", sample_project.root, "--as", "me", "--port", "70000"], "--port must be"),
    ]
    for args, needle in cases:
        result = run_cli(*args)
        assert result.returncode == 1, args
        assert needle in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_without_textual_serve_a_one_line_message(sample_project: Project) -> None:
    code = (
        "import sys; sys.modules['textual_serve'] = None; sys.modules['textual_serve.server'] = None; "
        "from annotator.cli import main; "
        f"raise SystemExit(main(['serve', {str(sample_project.root)!r}, '--as', 'me']))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr == (
        "annotator: annotator serve needs textual-serve: pip install 'annotator[serve]'\n"
    )


def test_a_busy_port_is_a_one_line_error(sample_project: Project) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("serve", sample_project.root, "--as", "me", "--port", str(port))
    assert result.returncode == 1
    assert result.stderr.startswith(f"annotator: cannot listen on 127.0.0.1 port {port}")
    assert "Traceback" not in result.stderr


def test_serves_on_loopback_prints_the_url_and_stops_on_ctrl_c(sample_project: Project) -> None:
    served = Served(sample_project.root, "--as", "me")
    try:
        assert served.url.startswith("http://127.0.0.1:")
        assert "annotation app for me at http://127.0.0.1:" in served.output
        with urllib.request.urlopen(served.url, timeout=20) as response:
            page = response.read().decode()
        assert response.status == 200
        # The page's websocket address is where the browser came from.
        assert f'data-session-websocket-url="ws://{served.url[7:]}ws"' in page
        assert "annotator · sample · me" in page
        # A name that is not this machine's is refused (a DNS-rebinding page, for one).
        request = urllib.request.Request(served.url, headers={"Host": "evil.example"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=20)
        assert refused.value.code == 403
    finally:
        served.process.send_signal(signal.SIGINT)
        assert served.process.wait(timeout=40) == 0
    assert "Traceback" not in served.output


def test_the_command_each_browser_session_runs(sample_project: Project, tmp_path: Path) -> None:
    keymap = tmp_path / "keys.yaml"
    argv = ["serve", str(sample_project.root), "--as", "judge", "--adjudicate", "--doc", "d1"]
    args = build_parser().parse_args([*argv, "--no-snap", "--keymap", str(keymap)])
    words = shlex.split(app_command(args, sample_project, "judge"))
    assert words[:4] == ["exec", sys.executable, "-m", "annotator"]
    assert words[4:] == [
        "adjudicate",
        str(sample_project.root.resolve()),
        "--as",
        "judge",
        "--bidi",
        "app",
        "--shaping",
        "app",
        "--doc",
        "d1",
        "--no-snap",
        "--keymap",
        str(keymap.resolve()),
    ]
    plain = build_parser().parse_args(["serve", str(sample_project.root), "--as", "me"])
    assert shlex.split(app_command(plain, sample_project, "me"))[4:7] == [
        "annotate",
        str(sample_project.root.resolve()),
        "--as",
    ]
