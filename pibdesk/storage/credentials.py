"""Database passwords kept out of settings files (issue 9, "Connections done right").

A PostgreSQL URL is remembered *without* its password (:func:`strip_password`); the
password goes to a credential store and is added back only when a connection opens
(:func:`lookup_password`, used by :class:`pibdesk.storage.db.Database`):

* the platform keyring (macOS Keychain, Windows Credential Locker, Secret Service on
  Linux desktops) through the ``keyring`` library (https://pypi.org/project/keyring/),
  when a real backend is available;
* else a file ``<user config dir>/pibdesk/pgpass`` with mode 0600, in libpq's
  ``.pgpass`` format ``hostname:port:database:username:password`` with ``:`` and ``\\``
  escaped by a backslash (https://www.postgresql.org/docs/15/libpq-pgpass.html), so an
  administrator can also point ``PGPASSFILE`` at it.

``PIBDESK_CREDENTIALS=keyring|file`` forces one store (tests, locked-down desks). When
neither store knows a password, libpq's own rules still apply (``PGPASSWORD``,
``~/.pgpass``).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from sqlalchemy.engine import URL, make_url

APP_NAME = "pibdesk"
KEYRING_SERVICE = "pibdesk-postgresql"
ENV_STORE = "PIBDESK_CREDENTIALS"
DEFAULT_PORT = 5432


@dataclass(frozen=True)
class ServerKey:
    """What a password belongs to: ``host``, ``port``, ``database``, ``username``."""

    host: str
    port: int
    database: str
    username: str

    def keyring_name(self) -> str:
        """The keyring "username" entry: ``user@host:port/database``."""
        return f"{self.username}@{self.host}:{self.port}/{self.database}"


def server_key(url: str) -> ServerKey | None:
    """The :class:`ServerKey` of a PostgreSQL URL (None for SQLite or without a user)."""
    u = make_url(url)
    if not u.drivername.startswith("postgresql"):
        return None
    user = u.username or os.environ.get("PGUSER") or _login_name()
    host = u.host or os.environ.get("PGHOST") or "localhost"
    port = int(u.port or os.environ.get("PGPORT") or DEFAULT_PORT)
    database = u.database or user
    return ServerKey(host=host, port=port, database=database, username=user)


#: The libpq connection parameter that carries a password, also as a URL query parameter
#: (``postgresql://u@h/db?password=...``,
#: https://www.postgresql.org/docs/15/libpq-connect.html#LIBPQ-CONNSTRING).
PASSWORD_PARAM = "password"

#: What :func:`display_url` shows in place of a password.
MASK = "***"


def strip_password(url: str) -> tuple[str, str | None]:
    """``(url without password, password or None)``.

    Both places a libpq URL can carry a password are cleared: the user-info part
    (``postgresql://user:PW@host/db``) and the ``password`` query parameter
    (``...?password=PW``). When both are given, libpq uses the query parameter (it is
    read after the user info), so that is the password returned. A URL without a
    password is returned verbatim; otherwise it is re-rendered, other parts kept.
    """
    if "://" not in url:
        return url, None
    u = make_url(url)
    in_query = u.query.get(PASSWORD_PARAM)
    if u.password is None and in_query is None:
        return url, None
    if isinstance(in_query, tuple):  # given twice: libpq keeps the last
        in_query = in_query[-1] if in_query else None
    password = in_query if in_query is not None else str(u.password)
    query = {k: v for k, v in u.query.items() if k != PASSWORD_PARAM}
    bare = URL.create(
        u.drivername, username=u.username, password=None, host=u.host, port=u.port,
        database=u.database, query=query,
    )  # fmt: skip  (URL.set(password=None) would keep the password)
    return bare.render_as_string(hide_password=False), password


def display_url(url: str) -> str:
    """The URL with any password shown as ``***`` (for titles, logs, messages, settings).

    Masks the user-info password and a ``password`` query parameter alike (see
    :func:`strip_password`); a path (no ``://``) is returned unchanged. Never raises: a
    URL SQLAlchemy cannot parse is masked by pattern instead.
    """
    if "://" not in url:
        return url
    try:
        clean, password = strip_password(url)
    except Exception:  # not parseable as a URL: mask what looks like a password
        return _mask_by_pattern(url)
    if password is None:
        return url
    u = make_url(url)
    shown = make_url(clean)
    if u.password is not None:
        shown = shown.set(password=MASK)
    text = shown.render_as_string(hide_password=True)
    if PASSWORD_PARAM in u.query:
        text += ("&" if shown.query else "?") + f"{PASSWORD_PARAM}={MASK}"
    return text


def _mask_by_pattern(url: str) -> str:
    import re

    url = re.sub(r"(://[^:/@?#]*):[^@/?#]*@", rf"\1:{MASK}@", url)
    return re.sub(rf"(?i)([?&]{PASSWORD_PARAM}=)[^&#]*", rf"\g<1>{MASK}", url)


# ----------------------------------------------------------------------------- stores
def pgpass_path() -> Path:
    """``<user config dir>/pibdesk/pgpass`` (platformdirs), the keyring-less store."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "pgpass"


def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace(":", "\\:")


def _split_pgpass_line(line: str) -> list[str]:
    fields: list[str] = []
    cur: list[str] = []
    i = 0
    while i < len(line):
        c = line[i]
        if c == "\\" and i + 1 < len(line):
            cur.append(line[i + 1])
            i += 2
            continue
        if c == ":" and len(fields) < 4:
            fields.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    fields.append("".join(cur))
    return fields


def _matches(pattern: str, value: str) -> bool:
    return pattern == "*" or pattern == value


class FileStore:
    """Passwords in a 0600 pgpass-format file (see the module docstring)."""

    name = "file"

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or pgpass_path()

    def _lines(self) -> list[str]:
        try:
            return self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return []

    def get(self, key: ServerKey) -> str | None:
        for line in self._lines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            f = _split_pgpass_line(line)
            if len(f) != 5:
                continue
            host, port, db, user, password = f
            if (
                _matches(host, key.host)
                and _matches(port, str(key.port))
                and _matches(db, key.database)
                and _matches(user, key.username)
            ):
                return password
        return None

    def _entry_of(self, line: str) -> tuple[str, ...] | None:
        f = _split_pgpass_line(line)
        return tuple(f[:4]) if len(f) == 5 else None

    def set(self, key: ServerKey, password: str | None) -> None:
        """Store (or with ``None`` forget) the password; the file is written 0600, atomically."""
        mine = (key.host, str(key.port), key.database, key.username)
        kept = [ln for ln in self._lines() if self._entry_of(ln) != mine]
        if password is not None:
            kept.append(":".join(_esc(x) for x in (*mine, password)))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.fchmod(fd, 0o600)
            os.write(fd, ("\n".join(kept) + "\n" if kept else "").encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, self.path)
        os.chmod(self.path, stat.S_IRUSR | stat.S_IWUSR)


class KeyringStore:
    """Passwords in the platform keyring (service ``pibdesk-postgresql``)."""

    name = "keyring"

    def get(self, key: ServerKey) -> str | None:
        import keyring

        value = keyring.get_password(KEYRING_SERVICE, key.keyring_name())
        return None if value is None else str(value)

    def set(self, key: ServerKey, password: str | None) -> None:
        import keyring
        import keyring.errors

        if password is None:
            try:
                keyring.delete_password(KEYRING_SERVICE, key.keyring_name())
            except keyring.errors.PasswordDeleteError:
                pass
        else:
            keyring.set_password(KEYRING_SERVICE, key.keyring_name(), password)


def keyring_available() -> bool:
    """True when ``keyring`` is installed and has a real (non-failing) backend."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return False
    try:
        kr = keyring.get_keyring()
    except Exception:  # a broken backend configuration: use the file instead
        return False
    return not isinstance(kr, fail.Keyring) and float(getattr(kr, "priority", 0) or 0) > 0


def credential_store() -> FileStore | KeyringStore:
    """The store in use: ``$PIBDESK_CREDENTIALS`` if set, else keyring when available, else file."""
    forced = os.environ.get(ENV_STORE, "").strip().lower()
    if forced == "file":
        return FileStore()
    if forced == "keyring" or (not forced and keyring_available()):
        return KeyringStore()
    return FileStore()


def save_password(url: str, password: str | None) -> str:
    """Remember ``password`` for the server of ``url``; returns the store's name."""
    key = server_key(url)
    if key is None:
        raise ValueError(f"{display_url(url)}: only PostgreSQL URLs take a password")
    store = credential_store()
    store.set(key, password)
    return store.name


def lookup_password(url: str) -> str | None:
    """The stored password for the server of ``url`` (None if no store knows one)."""
    key = server_key(url)
    if key is None:
        return None
    store = credential_store()
    try:
        return store.get(key)
    except Exception:  # a keyring that fails at run time (locked, no D-Bus): try the file
        if isinstance(store, KeyringStore):
            return FileStore().get(key)
        raise


def remember(url: str) -> str:
    """Move a password found in ``url`` to the credential store; returns the URL without it.

    The value returned is what may be written to a settings file or a recent-files list.
    """
    clean, password = strip_password(url)
    if password is not None:
        save_password(clean, password)
    return clean


def _login_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:
        return "postgres"
