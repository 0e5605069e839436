"""The app in a browser: textual-serve's ``Server`` behind a small door.

textual-serve starts one app process per browser connection (a websocket) and streams its
screen to xterm.js in the page. What it leaves to us is who may connect:

- On loopback (the default) the door only refuses requests whose ``Host`` is not a loopback
  name (a web page the annotator visits cannot reach the server by DNS rebinding) and
  websockets opened from another origin (nor by a cross-site websocket).
- With a token (required on any other address) every request without it gets 401. The token is
  given once in the URL (``/?token=...``), compared in constant time, and answered with a
  redirect to the same page without it, setting an HttpOnly, SameSite=Strict cookie; so it
  leaves the address bar, the history and any Referer at once. It is never logged: the access
  log writes paths without their query.

Needs the ``serve`` extra (``pip install 'annotator[serve]'``), which brings aiohttp.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import ipaddress
import logging
import signal
import socket
import string
import sys
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import hdrs, web
from aiohttp.abc import AbstractAccessLogger
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int
from yarl import URL

from annotator.errors import AnnotatorError

#: The query parameter that carries the token, once.
TOKEN_PARAMETER = "token"
#: Shortest token accepted: 16 URL-safe characters are about 96 random bits.
MIN_TOKEN_LENGTH = 16
#: Characters a token may hold: they pass through a URL and a cookie unchanged.
TOKEN_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-._~")
#: How long the browser keeps the door cookie (it is also dropped when the token changes).
COOKIE_MAX_AGE = timedelta(days=30)

log = logging.getLogger("annotator.serve")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class ServeError(AnnotatorError):
    """The server cannot start as asked: a missing or weak token, a busy port."""


def is_loopback(host: str) -> bool:
    """True for names that only this machine can reach: localhost, 127.0.0.0/8, ::1."""
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def read_token(path: Path) -> str:
    """The token in ``path`` (surrounding whitespace ignored), checked to be worth a door."""
    try:
        token = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise ServeError("token file not found", file=path) from None
    except (OSError, UnicodeDecodeError) as err:
        raise ServeError(f"cannot read the token file: {err}", file=path) from None
    how = "e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))' > FILE"
    if len(token) < MIN_TOKEN_LENGTH:
        raise ServeError(
            f"the token is {len(token)} characters long; use at least {MIN_TOKEN_LENGTH} "
            f"random ones ({how})",
            file=path,
        )
    bad = sorted({c for c in token if c not in TOKEN_CHARACTERS})
    if bad:
        raise ServeError(
            f"the token may hold only letters, digits and - . _ ~ (found {''.join(bad)!r}; {how})",
            file=path,
        )
    return token


def cookie_name(token: str) -> str:
    """The door cookie's name, distinct per token: cookies ignore ports, so two servers on
    one host must not overwrite each other's cookie."""
    return "annotator_door_" + hashlib.sha256(token.encode()).hexdigest()[:12]


def _host_and_port(authority: str) -> tuple[str, int | None] | None:
    try:
        url = URL(f"http://{authority}")
        return (url.host or "").lower(), url.explicit_port
    except ValueError:
        return None


def _same_origin(origin: str, host: str) -> bool:
    """Whether an ``Origin`` header names the server the request was sent to (``Host``)."""
    scheme, sep, authority = origin.partition("://")
    if not sep or scheme not in ("http", "https"):
        return False
    mine = _host_and_port(host)
    return mine is not None and _host_and_port(authority) == mine


def _refuse(status: type[web.HTTPException], message: str) -> web.HTTPException:
    return status(text=message + "\n", content_type="text/plain")


def door_middleware(
    token: str | None, *, loopback_only: bool, public_url: str | None = None
) -> Any:
    """The aiohttp middleware that decides who may use the server (see the module's doc).

    ``public_url`` is where browsers reach the server through a reverse proxy: its origin is
    accepted too (the proxy may rewrite Host), and an https one makes the cookie Secure.
    """
    public_authority = None
    if public_url:
        scheme, _, rest = public_url.partition("://")
        public_authority = f"{scheme}://{rest.split('/', 1)[0]}".lower()
    secure = bool(public_url and public_url.lower().startswith("https://"))
    expected = token.encode() if token is not None else None
    name = cookie_name(token) if token is not None else ""

    @web.middleware
    async def door(request: web.Request, handler: Handler) -> web.StreamResponse:
        host = request.headers.get(hdrs.HOST, "")
        if loopback_only:
            parsed = _host_and_port(host)
            if parsed is None or not is_loopback(parsed[0]):
                raise _refuse(web.HTTPForbidden, "403: this server answers only on localhost")
        origin = request.headers.get(hdrs.ORIGIN)
        if (
            origin is not None
            and not _same_origin(origin, host)
            and origin.lower() != public_authority
        ):
            raise _refuse(web.HTTPForbidden, "403: requests from other sites are refused")
        if expected is None:
            return await handler(request)
        given = request.query.get(TOKEN_PARAMETER)
        if given is not None:
            if not hmac.compare_digest(given.encode(), expected):
                raise _refuse(web.HTTPUnauthorized, "401: wrong token")
            query = request.url.query.copy()
            query.popall(TOKEN_PARAMETER)
            redirect = web.HTTPSeeOther(location=str(request.rel_url.with_query(query)))
            redirect.set_cookie(
                name,
                token or "",
                max_age=int(COOKIE_MAX_AGE.total_seconds()),
                path="/",
                httponly=True,
                samesite="Strict",
                secure=secure or request.secure,
            )
            raise redirect
        cookie = request.cookies.get(name)
        if cookie is None or not hmac.compare_digest(cookie.encode(), expected):
            raise _refuse(
                web.HTTPUnauthorized,
                f"401: open this server once with ?{TOKEN_PARAMETER}=... in the URL "
                "(ask whoever runs it for the token)",
            )
        return await handler(request)

    return door


class PathOnlyAccessLogger(AbstractAccessLogger):
    """aiohttp's access log without query strings: the token never reaches a log."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info(
            '%s "%s %s" %s %.3fs',
            request.remote,
            request.method,
            request.path,
            response.status,
            time,
        )


def display_url(host: str, port: int) -> str:
    """The URL to open: a wildcard address shows this machine's name instead."""
    if host in ("", "0.0.0.0", "::"):
        host = socket.gethostname()
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/"


class SessionService(AppService):
    """One browser session's app process. When the session ends (tab closed, network gone,
    server stopping) the process gets SIGHUP, as from a closing terminal: the app saves every
    open document and exits. textual-serve's own "quit" message would make the app leave
    without saving, keeping the work only in a recovery file."""

    async def stop(self) -> None:
        process = self._process
        if self._task is not None and process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGHUP)
        await super().stop()


class AnnotatorServer(Server):
    """textual-serve's server with the door, URLs taken from each request (so ``ssh -L`` and
    wildcard addresses work), an access log without tokens, and a clean stop that lets every
    app save."""

    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        title: str,
        token: str | None = None,
        public_url: str | None = None,
        announce: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(command, host=host, port=port, title=title, public_url=public_url)
        self.token = token
        self.fixed_public_url = public_url
        self.announce = announce or (lambda url: print(url, flush=True))
        self._sessions: set[asyncio.Task[Any]] = set()

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        loopback_only = self.token is None and is_loopback(self.host)
        door = door_middleware(
            self.token, loopback_only=loopback_only, public_url=self.fixed_public_url
        )
        app.middlewares.insert(0, door)
        return app

    def base_url(self, request: web.Request) -> str:
        """Where the browser reached us: what it sent as Host, unless --public-url says."""
        if self.fixed_public_url:
            return self.fixed_public_url.rstrip("/")
        return f"{request.scheme}://{request.host}"

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        base = self.base_url(request)
        static = request.app.router["static"].url_for(filename="/")
        websocket = request.app.router["websocket"].url_for()
        ws_base = ("wss:" if base.startswith("https:") else "ws:") + base.split(":", 1)[1]
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{ws_base}{websocket}",
            "config": {"static": {"url": f"{base}{static}".rstrip("/") + "/"}},
            "application": {"name": self.title},
        }
        response = aiohttp_jinja2.render_template("app_index.html", request, context)
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One app process per browser session (textual-serve's handler, with a
        SessionService); remembered so that a stop can end them all."""
        task = asyncio.current_task()
        if task is not None:
            self._sessions.add(task)
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        service: SessionService | None = None

        async def close() -> None:
            await websocket.close()

        try:
            await websocket.prepare(request)
            service = SessionService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:
            log.exception(error)
        finally:
            if service is not None:
                await service.stop()
            if task is not None:
                self._sessions.discard(task)
        return websocket

    def initialize_logging(self) -> None:
        """Plain lines on stderr. textual-serve's rich handler prints tracebacks with every
        frame's local variables, and the door's frames hold the token."""
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
        logging.basicConfig(
            level=logging.DEBUG if self.debug else logging.INFO, handlers=[handler], force=True
        )

    async def on_startup(self, app: web.Application) -> None:
        """No logo: the URL is printed once the port is bound (see ``run``)."""

    async def on_shutdown(self, app: web.Application) -> None:
        """Tell every app to quit (each saves its open document) and wait for them."""
        sessions = list(self._sessions)
        for task in sessions:
            task.cancel()
        if sessions:
            await asyncio.gather(*sessions, return_exceptions=True)

    def serve(self, debug: bool = False) -> None:
        self.debug = debug
        self.initialize_logging()
        asyncio.run(self.run())

    async def run(self) -> None:
        """Listen until SIGINT, SIGTERM or SIGHUP, then stop every app cleanly."""
        runner = web.AppRunner(
            await self._make_app(),
            handle_signals=False,
            access_log_class=PathOnlyAccessLogger,
            shutdown_timeout=20,
        )
        await runner.setup()
        try:
            try:
                await web.TCPSite(runner, self.host, self.port).start()
            except OSError as err:
                raise ServeError(
                    f"cannot listen on {self.host} port {self.port}: {err.strerror or err}"
                ) from None
            port = runner.addresses[0][1]
            self.announce(display_url(self.host, port))
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                with contextlib.suppress(NotImplementedError, RuntimeError):
                    loop.add_signal_handler(sig, stop.set)
            await stop.wait()
            print("annotator: stopping; open documents are being saved", file=sys.stderr)
        finally:
            await runner.cleanup()
