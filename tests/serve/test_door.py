"""The door middleware alone, on a tiny aiohttp app, through aiohttp's own test client: who gets
in, what cookie they get, and that the token never reaches the access log."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

pytest.importorskip("textual_serve", reason="textual-serve is not installed (annotator[serve])")

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from annotator.serve import (
    AnnotatorServer,
    PathOnlyAccessLogger,
    ServeError,
    cookie_name,
    door_middleware,
    is_loopback,
    read_token,
)

TOKEN = "s3cret-Token_with.enough~chars"


async def hello(request: web.Request) -> web.Response:
    return web.Response(text=f"hello {request.path}")


def make_app(
    token: str | None, loopback_only: bool, public_url: str | None = None
) -> web.Application:
    door = door_middleware(token, loopback_only=loopback_only, public_url=public_url)
    app = web.Application(middlewares=[door])
    app.router.add_get("/", hello)
    app.router.add_get("/ws", hello)
    return app


@pytest.fixture
async def clients() -> AsyncIterator[Callable[..., object]]:
    made: list[TestClient] = []

    async def make(
        token: str | None = TOKEN, loopback_only: bool = False, public_url: str | None = None
    ) -> TestClient:
        client = TestClient(TestServer(make_app(token, loopback_only, public_url)))
        await client.start_server()
        made.append(client)
        return client

    yield make
    for client in made:
        await client.close()


async def test_without_the_token_every_path_is_401(clients) -> None:
    client = await clients()
    for path in ("/", "/ws", "/static/js/textual.js", "/nowhere"):
        response = await client.get(path)
        assert response.status == 401, path
        assert "token" in await response.text()


async def test_a_wrong_token_is_401_and_sets_no_cookie(clients) -> None:
    client = await clients()
    for wrong in ("nope", TOKEN[:-1], TOKEN + "x", "", TOKEN.upper()):
        response = await client.get("/", params={"token": wrong}, allow_redirects=False)
        assert response.status == 401, wrong
        assert "Set-Cookie" not in response.headers
    assert len(client.session.cookie_jar) == 0


async def test_the_token_once_in_the_url_becomes_a_strict_httponly_cookie(clients) -> None:
    client = await clients()
    response = await client.get(
        "/", params={"token": TOKEN, "fontsize": "20"}, allow_redirects=False
    )
    assert response.status == 303
    # Redirected to the same page without the token: it leaves the address bar and history.
    assert response.headers["Location"] == "/?fontsize=20"
    cookie = SimpleCookie(response.headers["Set-Cookie"])[cookie_name(TOKEN)]
    assert cookie.value == TOKEN
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/"
    assert int(cookie["max-age"]) > 0
    # From now on the cookie alone opens every path.
    for path in ("/", "/ws"):
        response = await client.get(path)
        assert response.status == 200
        assert await response.text() == f"hello {path}"


async def test_a_forged_cookie_is_401(clients) -> None:
    client = await clients()
    for value in ("x" * len(TOKEN), TOKEN[:-1] + "X"):
        response = await client.get("/", cookies={cookie_name(TOKEN): value})
        assert response.status == 401
    assert (await client.get("/", cookies={cookie_name(TOKEN): TOKEN})).status == 200
    # The cookie of a server with another token does not open this one.
    assert (await client.get("/", cookies={cookie_name("another-" + TOKEN): TOKEN})).status == 401


async def test_the_token_is_compared_in_constant_time(
    clients, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both the URL's token and the cookie go through hmac.compare_digest, never ==."""
    import hmac

    import annotator.serve

    seen: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(annotator.serve.hmac, "compare_digest", spy)
    client = await clients()
    await client.get("/", params={"token": "guess"}, allow_redirects=False)
    await client.get("/", cookies={cookie_name(TOKEN): "guess2"})
    assert seen == [(b"guess", TOKEN.encode()), (b"guess2", TOKEN.encode())]


async def test_on_loopback_other_host_names_are_refused(clients) -> None:
    """A web page that rebinds its own name to 127.0.0.1 must not reach the app."""
    client = await clients(token=None, loopback_only=True)
    assert (await client.get("/")).status == 200  # the test client sends Host: 127.0.0.1:port
    for host in ("localhost:8000", "[::1]:8000", "127.0.0.1"):
        assert (await client.get("/", headers={"Host": host})).status == 200, host
    for host in ("evil.example:8000", "192.168.1.5:8000", "", "[bad"):
        response = await client.get("/", headers={"Host": host})
        assert response.status == 403, host


async def test_requests_from_another_origin_are_refused(clients) -> None:
    """A websocket opened by another site's page carries its Origin: no app for it."""
    client = await clients(token=None, loopback_only=True)
    host = f"127.0.0.1:{client.port}"
    same = await client.get("/ws", headers={"Origin": f"http://{host}"})
    assert same.status == 200
    for origin in ("http://evil.example", f"http://localhost:{client.port}", "null"):
        response = await client.get("/ws", headers={"Origin": origin})
        assert response.status == 403, origin


async def test_behind_a_tls_proxy_its_origin_is_accepted_and_the_cookie_is_secure(
    clients,
) -> None:
    client = await clients(public_url="https://Annotate.example.org/")
    response = await client.get(
        "/",
        params={"token": TOKEN},
        headers={"Origin": "https://annotate.example.org"},
        allow_redirects=False,
    )
    assert response.status == 303
    cookie = SimpleCookie(response.headers["Set-Cookie"])[cookie_name(TOKEN)]
    assert cookie["secure"] is True
    other = await client.get("/ws", headers={"Origin": "https://evil.example.org"})
    assert other.status == 403


async def test_the_access_log_never_holds_the_token(
    caplog: pytest.LogCaptureFixture,
) -> None:
    server = TestServer(make_app(TOKEN, False))
    await server.start_server(
        access_log_class=PathOnlyAccessLogger, access_log=logging.getLogger("aiohttp.access")
    )
    async with TestClient(server) as client:
        with caplog.at_level(logging.INFO, logger="aiohttp.access"):
            await client.get("/", params={"token": TOKEN}, allow_redirects=True)
            await client.get("/", params={"token": "wrong-" + TOKEN})
    lines = [r.getMessage() for r in caplog.records if r.name == "aiohttp.access"]
    assert len(lines) == 3  # the redirect, the page it leads to, the wrong token
    assert any('"GET /" 303' in line for line in lines)
    assert any('"GET /" 401' in line for line in lines)
    assert not any(TOKEN in line for line in lines)


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.0.2", False),
        ("example.org", False),
        ("localhost.example.org", False),
    ],
)
def test_is_loopback(host: str, expected: bool) -> None:
    assert is_loopback(host) is expected


def test_read_token_accepts_a_good_token_and_strips_the_newline(tmp_path: Path) -> None:
    path = tmp_path / "token"
    path.write_text(TOKEN + "\n", encoding="utf-8")
    assert read_token(path) == TOKEN


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("short", "at least 16"),
        ("", "at least 16"),
        ("a" * 20 + " " + "b" * 5, "only letters, digits"),
        ("a" * 20 + ";", "only letters, digits"),
        ("ab" * 10 + "é", "only letters, digits"),
    ],
)
def test_read_token_refuses_weak_or_unsafe_tokens(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "token"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ServeError, match=message) as caught:
        read_token(path)
    assert str(path) in str(caught.value)
    assert content.strip() == "" or content not in str(caught.value)  # never echoes the token


def test_read_token_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ServeError, match="token file not found"):
        read_token(tmp_path / "absent")


def test_tracebacks_in_the_servers_log_show_no_local_variables(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An error inside a request passes through the door's frame, which holds the token;
    textual-serve's own logging (rich, with locals) would print it."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        AnnotatorServer("true", host="127.0.0.1", port=0, title="t").initialize_logging()

        def door_like(token: str) -> None:
            raise RuntimeError("boom")

        try:
            door_like(TOKEN)
        except RuntimeError as err:
            logging.getLogger("aiohttp.server").exception(err)
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    assert "RuntimeError: boom" in printed
    assert "door_like" in printed
    assert TOKEN not in printed
