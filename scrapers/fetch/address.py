"""Which addresses a source may reach: public ones, unless it opts in.

A feed URL, an article link or a redirect hop is attacker-chosen. Without a
policy, a feed could send the scheduled job to a cloud metadata address
(169.254.169.254), to the runner's own services (127.0.0.1) or into its
private network. So, before any connection:

* URLs with credentials (``http://user:pass@host/``) are refused;
* an address literal in the URL is classified by :func:`refusal`;
* a host name is resolved, and *every* answer is classified: one private
  answer refuses the name (DNS rebinding gets no second chance, because the
  connection then goes to the address that was checked, see
  :class:`GuardedAdapter`).

A source opts in with ``allow_private = true`` in tracker.toml (tests on
127.0.0.1, a local mirror). :func:`refusal` is a pure function over address
literals, so the classification is tested without any connection.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util import connection as urllib3_connection

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# IPv6 prefixes that embed an IPv4 address, besides the mapped form ::ffff:0:0/96.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_CGNAT = ipaddress.ip_network("100.64.0.0/10")


class AddressRefused(OSError):
    """A connection refused by the policy, before it was made."""


def _kind(ip: IPAddress) -> str | None:
    if ip.is_loopback:
        return "loopback"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.version == 4 and ip in _CGNAT:
        return "shared (carrier-grade NAT)"
    if ip.is_private:
        return "private"
    if ip.is_reserved:
        return "reserved"
    if ip.version == 6 and ip.is_site_local:
        return "site-local"
    if not ip.is_global:
        return "not public"
    return None


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64 or ip in _NAT64_LOCAL:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def refusal(address: str | IPAddress) -> str | None:
    """Why ``address`` (a literal) is not a public address, or None when it is.

    IPv4 and IPv6, with the IPv6 forms that carry an IPv4 address (mapped
    ``::ffff:a.b.c.d``, 6to4, Teredo, NAT64) judged by that address too.
    """
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if ip.version == 6 and ip.scope_id:
        ip = ipaddress.IPv6Address(str(ip).split("%", 1)[0])
    if ip.version == 6:
        inner = _embedded_v4(ip)
        if inner is not None:
            why = _kind(inner)
            if why:
                return f"{why} (IPv4 {inner} inside {ip})"
            if ip.ipv4_mapped is not None:
                return None  # ::ffff:8.8.8.8 is 8.8.8.8
    return _kind(ip)


def check_url(url: str, *, allow_private: bool) -> None:
    """Refuse credentials, and a non-public address literal unless allowed.

    Raise AddressRefused with the reason; host names are checked when
    resolved (:func:`resolve_checked`).
    """
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        raise AddressRefused(f"credentials in the URL refused ({parts.scheme}://{parts.hostname}/...)")
    host = parts.hostname or ""
    if not host:
        raise AddressRefused("no host in the URL")
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return
    why = refusal(ip)
    if why and not allow_private:
        raise AddressRefused(f"address {host} is {why}; refused "
                             "(allow_private = true in tracker.toml allows it)")


def resolve_checked(host: str, port: int) -> str:
    """The first public address of ``host``; AddressRefused if any answer is not public."""
    try:
        ipaddress.ip_address(host)
        answers = [host]
    except ValueError:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        answers = []
        for *_, sockaddr in infos:
            if sockaddr[0] not in answers:
                answers.append(sockaddr[0])
    for answer in answers:
        why = refusal(answer)
        if why:
            shown = host if answer == host else f"{host} resolves to {answer}, which"
            raise AddressRefused(f"{shown} is {why}; refused "
                                 "(allow_private = true in tracker.toml allows it)")
    if not answers:
        raise socket.gaierror(socket.EAI_NONAME, f"no address for {host}")
    return answers[0]


# --- wiring into requests/urllib3 ---------------------------------------------------

def _guarded_new_conn(conn: HTTPConnection) -> socket.socket:
    """urllib3's ``_new_conn``, dialing the address :func:`resolve_checked` approved.

    The name is resolved once, by us, and the socket goes to the address
    that was checked (no second lookup a rebinding DNS could answer
    differently). ``conn.host`` still names the server for the Host header,
    TLS SNI and the certificate check.
    """
    try:
        address = resolve_checked(conn._dns_host.rstrip("."), conn.port)
        return urllib3_connection.create_connection(
            (address, conn.port), conn.timeout, source_address=conn.source_address,
            socket_options=conn.socket_options)
    except AddressRefused:
        raise
    except socket.gaierror as exc:
        raise NameResolutionError(conn.host, conn, exc) from exc
    except TimeoutError as exc:
        raise ConnectTimeoutError(conn, f"Connection to {conn.host} timed out. "
                                        f"(connect timeout={conn.timeout})") from exc
    except OSError as exc:
        raise NewConnectionError(conn, f"Failed to establish a new connection: {exc}") from exc


class _GuardedHTTPConnection(HTTPConnection):
    def _new_conn(self):
        return _guarded_new_conn(self)


class _GuardedHTTPSConnection(HTTPSConnection):
    def _new_conn(self):
        return _guarded_new_conn(self)


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class GuardedAdapter(HTTPAdapter):
    """A requests adapter whose connections go to public addresses only."""

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _GuardedHTTPPool,
                                                   "https": _GuardedHTTPSPool}


def guarded_session() -> requests.Session:
    session = requests.Session()
    adapter = GuardedAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def refused_in(exc: BaseException) -> AddressRefused | None:
    """The AddressRefused somewhere in an exception chain (requests wraps it twice)."""
    seen = set()
    todo = [exc]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, AddressRefused):
            return e
        todo.extend(a for a in getattr(e, "args", ()) if isinstance(a, BaseException))
        todo.extend([getattr(e, "reason", None), e.__cause__, e.__context__])
    return None
