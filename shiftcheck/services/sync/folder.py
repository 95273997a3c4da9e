"""Folder target: a network share or a USB stick.

Layout under the target folder (which must exist: a share not mounted or a stick not plugged
in is reported, never silently replaced by a local folder)::

    <store_id>/<terminal>/b000000000001-000000000150.jsonl           the documents, one per line
    <store_id>/<terminal>/b000000000001-000000000150.manifest.json   terminal, sequence range,
                                                                     count, bytes, SHA-256
    <store_id>/<terminal>/staff.json                                 the staff directory, no PINs

Both files are written under a temporary name and renamed into place, the manifest last: a
bundle without its manifest is incomplete and ignored. Manifests and staff directories are
signed with the store's sync key (`signing`): a terminal without the key does not use a folder
target at all. Pull reads the bundles of the same store's other terminals; a bundle that is not
signed with the key, whose size, checksum, count or lines do not hold, or whose documents claim
another store or terminal than its folder, is rejected whole, with a message naming it.
Folders and files on the share are opened without following symlinks (`share_folder`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from shiftcheck.domain.records import (
    AuditEvent,
    CheckRecord,
    Document,
    RecordFormatError,
    format_time,
)
from shiftcheck.services.sync.base import (
    DirectoryEntry,
    PullOutcome,
    PushOutcome,
    SyncError,
)
from shiftcheck.services.sync.share_folder import NotARealFile, ShareFolder
from shiftcheck.services.sync.signing import signature_problem, signed
from shiftcheck.store.atomic import describe_os_error
from shiftcheck.store.codec import (
    decode,
    decode_lines,
    document_from_json,
    document_lines,
    encode,
)

BUNDLE_FORMAT = "shiftcheck.bundle/1"
DIRECTORY_FORMAT = "shiftcheck.directory/1"
MANIFEST_SUFFIX = ".manifest.json"
DIRECTORY_NAME = "staff.json"
BUNDLE_LIMIT = 100_000
"""Most documents in one bundle."""
COMPACT_AFTER = 64
"""Bundles of one terminal beyond which the oldest small ones are merged into one."""
SMALL_BUNDLE = 10_000
"""Bundles with fewer documents than this may be merged."""
SETTLE = timedelta(minutes=10)
"""How old a merged bundle must be before the bundles it holds are removed."""

_SAFE = re.compile(r"[^A-Za-z0-9_.-]")
_BUNDLE_NAME = re.compile(r"^b(\d{12})-(\d{12})\.manifest\.json$")


def folder_name(terminal_id: str) -> str:
    """A terminal id made safe as one folder name."""
    name = _SAFE.sub("_", terminal_id).lstrip(".")
    return name or "_"


class FolderTarget:
    """A folder every terminal of the store can reach."""

    def __init__(
        self,
        name: str,
        path: Path,
        store_id: str,
        terminal_id: str,
        key: bytes | None,
        key_error: str | None = None,
    ) -> None:
        self.name = name
        self.root = Path(path).expanduser()
        self.where = str(self.root)
        self.store_id = store_id
        self.terminal_id = terminal_id
        self.key = key
        """The store's sync key (None: not set on this terminal, so the target is not used)."""
        self.key_error = key_error
        """Why the key could not be read, if it could not."""

    @contextmanager
    def open(self) -> Iterator[FolderSession]:
        """The folder, if it is there and this terminal holds the store's sync key."""
        if not self.root.is_dir():
            raise SyncError("sync.folder_missing", path=self.root)
        if self.key_error is not None:
            raise SyncError("share.key_damaged", reason=self.key_error)
        if self.key is None:
            raise SyncError("share.no_key", target=self.name)
        try:
            root = ShareFolder.open_root(self.root)
        except OSError as exc:
            raise SyncError("sync.folder_read", path=self.root, reason=exc) from None
        session = FolderSession(self, root, self.key)
        try:
            yield session
        finally:
            session.close()
            root.close()


class FolderSession:
    """Writes bundles for this terminal and reads those of the others."""

    batch_size = BUNDLE_LIMIT

    def __init__(self, target: FolderTarget, root: ShareFolder, key: bytes) -> None:
        self.target = target
        self.root = root
        self.key = key
        self.store_dir = target.root / target.store_id
        self.own_name = folder_name(target.terminal_id)
        self.own_dir = self.store_dir / self.own_name
        self._own: ShareFolder | None = None

    def _store_folder(self, *, create: bool) -> ShareFolder:
        """The store's folder on the share; a symlink there is refused."""
        try:
            return self.root.sub(self.target.store_id, create=create)
        except NotARealFile as exc:
            raise SyncError("share.symlink", problem=exc) from None
        except FileNotFoundError:
            raise
        except OSError as exc:
            raise SyncError(
                "sync.folder_write", path=self.store_dir, reason=describe_os_error(exc)
            ) from None

    def own(self) -> ShareFolder:
        """This terminal's folder on the share (made on first use); a symlink there (or at
        the store's folder) is refused and nothing is written."""
        if self._own is None:
            with self._store_folder(create=True) as store:
                try:
                    self._own = store.sub(self.own_name, create=True)
                except NotARealFile as exc:
                    raise SyncError("share.symlink", problem=exc) from None
                except OSError as exc:
                    raise SyncError(
                        "sync.folder_write", path=self.own_dir, reason=describe_os_error(exc)
                    ) from None
        return self._own

    def close(self) -> None:
        """Let the folders go."""
        if self._own is not None:
            self._own.close()
            self._own = None

    def _write(self, name: str, data: bytes) -> None:
        own = self.own()
        try:
            own.write(name, data)
        except OSError as exc:
            raise SyncError(
                "sync.folder_write", path=own.path / name, reason=describe_os_error(exc)
            ) from None

    def push(self, batch: Sequence[tuple[int, Document]], now: datetime) -> PushOutcome:
        """Write one bundle, data first and manifest last; then merge old small bundles."""
        if not batch:
            return PushOutcome()
        data = document_lines(doc for _, doc in batch)
        self._write_bundle(batch[0][0], batch[-1][0], len(batch), data, now)
        with suppress(OSError, SyncError):  # the push is done; merging can wait for the next one
            self._compact(now)
        return PushOutcome(added=len(batch))

    def _write_bundle(self, first: int, last: int, count: int, data: bytes, now: datetime) -> str:
        stem = f"b{first:012d}-{last:012d}"
        manifest = {
            "format": BUNDLE_FORMAT,
            "store_id": self.target.store_id,
            "terminal_id": self.target.terminal_id,
            "first_seq": first,
            "last_seq": last,
            "count": count,
            "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "data": f"{stem}.jsonl",
            "written_at": format_time(now),
        }
        self._write(f"{stem}.jsonl", data)
        self._write(
            f"{stem}{MANIFEST_SUFFIX}",
            json.dumps(signed(manifest, self.key), ensure_ascii=False, indent=1).encode("utf-8"),
        )
        return stem

    def _compact(self, now: datetime) -> None:
        """Keep this terminal's folder on the share short (an interval sync writes a bundle
        whenever there is something new).

        1. A bundle whose range lies inside a bigger signed one (merged at an earlier push, or
           sent again signed after the store's key was set) is removed, manifest first, once
           that bigger one is intact and at least `SETTLE` old: a reader listing the folder
           meanwhile finds one or the other. Bundles not signed with the key are never merged
           and only ever removed this way.
        2. Past `COMPACT_AFTER` bundles, the oldest run of small ones (fewer than `SMALL_BUNDLE`
           documents each, ranges in a row, together at most `BUNDLE_LIMIT`) is merged into one
           bundle. Each part must match its manifest and read as valid documents of this store;
           a damaged or odd bundle is never merged or removed.
        """
        own = self.own()
        found: list[tuple[str, dict[str, Any]]] = []
        unsigned: list[tuple[str, dict[str, Any]]] = []
        for name in own.names():
            if not name.startswith("b") or not name.endswith(MANIFEST_SUFFIX):
                continue
            try:
                manifest = self._manifest(own, name, check_signature=False)
            except BundleRejected:
                continue  # left as it is
            if signature_problem(manifest, self.key) is None:
                found.append((name, manifest))
            else:
                unsigned.append((name, manifest))
        found.sort(key=lambda pair: (pair[1]["first_seq"], -pair[1]["last_seq"]))
        kept: list[tuple[str, dict[str, Any]]] = []
        reach: tuple[str, dict[str, Any]] | None = None  # the kept bundle reaching furthest
        intact: dict[str, bool] = {}

        def holds(holder: tuple[str, dict[str, Any]]) -> bool:
            name, held = holder
            if name not in intact:
                intact[name] = self._settled(held, now) and (
                    self._bundle_bytes(name, held, check_lines=False) is not None
                )
            return intact[name]

        for name, manifest in found:
            if reach is None or manifest["last_seq"] > reach[1]["last_seq"]:
                kept.append((name, manifest))
                reach = (name, manifest)
                continue
            # `reach` starts no later (sorted) and ends no earlier: it holds this one whole
            if holds(reach):
                own.unlink(name)
                own.unlink(str(manifest["data"]))
        for name, manifest in unsigned:
            holder = next(
                (
                    (n, m)
                    for n, m in kept
                    if m["first_seq"] <= manifest["first_seq"]
                    and m["last_seq"] >= manifest["last_seq"]
                ),
                None,
            )
            if holder is not None and holder[0] != name and holds(holder):
                own.unlink(name)
                if manifest["data"] != holder[1]["data"]:
                    own.unlink(str(manifest["data"]))
        if len(kept) <= COMPACT_AFTER:
            return
        names = {(m["first_seq"], m["last_seq"]) for _, m in found}
        run: list[tuple[dict[str, Any], bytes]] = []
        for name, manifest in kept:
            data = None
            if manifest["count"] < SMALL_BUNDLE:
                follows = not run or manifest["first_seq"] <= run[-1][0]["last_seq"] + 1
                fits = sum(m["count"] for m, _ in run) + manifest["count"] <= BUNDLE_LIMIT
                if follows and fits and len(run) < COMPACT_AFTER:
                    data = self._bundle_bytes(name, manifest, check_lines=True)
            if data is not None:
                run.append((manifest, data))
                continue
            if len(run) >= 2:
                break
            run = []
        if len(run) < 2:
            return
        first = min(m["first_seq"] for m, _ in run)
        last = max(m["last_seq"] for m, _ in run)
        if (first, last) in names:
            return
        count = sum(m["count"] for m, _ in run)
        self._write_bundle(first, last, count, b"".join(data for _, data in run), now)

    def _settled(self, manifest: Mapping[str, Any], now: datetime) -> bool:
        try:
            written = datetime.fromisoformat(str(manifest["written_at"]))
        except ValueError:
            return False
        return written.tzinfo is not None and now - written >= SETTLE

    def _bundle_bytes(
        self, name: str, manifest: Mapping[str, Any], *, check_lines: bool
    ) -> bytes | None:
        """One of this terminal's bundles, if it matches its manifest (and, with `check_lines`,
        every line is a valid document of this store) and ends its last line; else None."""
        own = self.own()
        try:
            data_path, data = self._verified_data(own, name, manifest)
            if check_lines:
                self._documents_of(own, data_path, data, {})
        except BundleRejected:
            return None
        return data if data.endswith(b"\n") else None

    def push_directory(self, entries: Sequence[DirectoryEntry], now: datetime) -> None:
        """Replace this terminal's `staff.json` (signed with the store's key)."""
        doc = {
            "format": DIRECTORY_FORMAT,
            "store_id": self.target.store_id,
            "terminal_id": self.target.terminal_id,
            "written_at": format_time(now),
            "employees": [e.to_json() for e in entries],
        }
        self._write(
            DIRECTORY_NAME,
            json.dumps(signed(doc, self.key), ensure_ascii=False, indent=1).encode("utf-8"),
        )

    def _others(self, problems: list[str]) -> list[ShareFolder]:
        """The other terminals' folders, open; a symlink among them is refused by name."""
        try:
            store = self._store_folder(create=False)
        except FileNotFoundError:
            return []
        folders: list[ShareFolder] = []
        with store:
            try:
                entries = store.entries()
            except OSError as exc:
                raise SyncError("sync.folder_read", path=self.store_dir, reason=exc) from None
            for name, is_link, is_dir in entries:
                if name == self.own_name or not (is_link or is_dir):
                    continue
                try:
                    folders.append(store.sub(name))
                except NotARealFile as exc:
                    problems.append(str(exc))
                except OSError as exc:
                    problems.append(str(BundleRejected(store.path / name, str(exc))))
        return folders

    def pull(self, state: Mapping[str, Any]) -> PullOutcome:
        """Bundles of the other terminals not imported yet, and their directories.

        `state` maps each terminal folder to the last sequence number imported without a
        gap; a rejected bundle holds that terminal back (the bundles after it are still read
        and, being keyed by id, import only once).
        """
        done: dict[str, int] = {
            k: v for k, v in dict(state.get("terminals", {})).items() if isinstance(v, int)
        }
        docs: list[Document] = []
        bodies: dict[str, tuple[Document, bytes]] = {}
        problems: list[str] = []
        directory: dict[str, DirectoryEntry] = {}
        for folder in self._others(problems):
            with folder:
                name = folder.path.name
                upto = done.get(name, 0)
                clean = True
                for manifest_name, manifest in self._manifests(folder, problems, upto):
                    if manifest is None:
                        clean = False
                        continue
                    if manifest["last_seq"] <= upto:
                        continue
                    try:
                        docs.extend(self._read_bundle(folder, manifest_name, manifest, bodies))
                    except BundleGone:
                        clean = False
                        continue
                    except BundleRejected as exc:
                        problems.append(str(exc))
                        clean = False
                        continue
                    if clean:
                        upto = max(upto, manifest["last_seq"])
                done[name] = upto
                directory.update({e.id: e for e in self._directory(folder, problems)})
        return PullOutcome(
            docs,
            sorted(directory.values(), key=lambda e: e.id),
            {"terminals": done},
            problems,
            bodies,
        )

    def _manifests(
        self, folder: ShareFolder, problems: list[str], upto: int
    ) -> list[tuple[str, dict[str, Any] | None]]:
        """Manifests of bundles not imported yet (told by name, without reading the others).

        An unsigned bundle (written before the store had a sync key) whose range a signed
        bundle of the same folder holds is passed over quietly: its terminal sent it again,
        signed, and removes it once that one has settled."""
        found: list[tuple[int, str, dict[str, Any] | None]] = []
        unsigned: list[tuple[str, dict[str, Any], str]] = []
        try:
            names = folder.names()
        except OSError as exc:
            problems.append(str(BundleRejected(folder.path, f"cannot be listed ({exc})")))
            return [("", None)]
        for name in names:
            if not name.startswith("b") or not name.endswith(MANIFEST_SUFFIX):
                continue
            named = _BUNDLE_NAME.match(name)
            if named is not None and int(named.group(2)) <= upto:
                continue
            try:
                manifest = self._manifest(folder, name, check_signature=False)
            except BundleGone:  # merged into a bigger bundle meanwhile: read next time
                found.append((0, name, None))
                continue
            except BundleRejected as exc:
                problems.append(str(exc))
                found.append((0, name, None))
                continue
            problem = signature_problem(manifest, self.key)
            if problem is not None:
                unsigned.append((name, manifest, problem))
                continue
            found.append((manifest["first_seq"], name, manifest))
        for name, manifest, problem in unsigned:
            held = any(
                m is not None
                and m["first_seq"] <= manifest["first_seq"]
                and m["last_seq"] >= manifest["last_seq"]
                for _, _, m in found
            )
            if not held:
                problems.append(str(BundleRejected(folder.path / name, problem)))
                found.append((0, name, None))
        found.sort(key=lambda item: (item[0], item[1]))
        return [(name, manifest) for _, name, manifest in found]

    def _manifest(
        self, folder: ShareFolder, name: str, *, check_signature: bool = True
    ) -> dict[str, Any]:
        """A bundle's manifest, checked: signed with the store's key (unless told not to
        check), of this store and of the terminal whose folder it is in."""
        path = folder.path / name
        try:
            raw = _manifest(path, folder.read(name), self.target.store_id)
        except FileNotFoundError:
            raise BundleGone(path) from None
        except OSError as exc:
            raise BundleRejected(
                path,
                str(exc)
                if isinstance(exc, NotARealFile)
                else (f"manifest cannot be read: {exc.strerror or exc}"),
            ) from None
        if folder_name(raw["terminal_id"]) != folder.path.name:
            raise BundleRejected(
                path,
                f"terminal_id {raw['terminal_id']!r} is not the terminal of its folder "
                f"{folder.path.name!r}",
            )
        if check_signature:
            problem = signature_problem(raw, self.key)
            if problem is not None:
                raise BundleRejected(path, problem)
        return raw

    def _read_bundle(
        self,
        folder: ShareFolder,
        manifest_name: str,
        manifest: Mapping[str, Any],
        bodies: dict[str, tuple[Document, bytes]],
    ) -> list[Document]:
        """The bundle's documents, checked; each with its JSON line goes into `bodies` by id
        (the first one read of an id stays)."""
        data_path, data = self._verified_data(folder, manifest_name, manifest)
        return self._documents_of(folder, data_path, data, bodies)

    def _verified_data(
        self, folder: ShareFolder, manifest_name: str, manifest: Mapping[str, Any]
    ) -> tuple[Path, bytes]:
        """A bundle's data file and bytes, if size, checksum and line count match its
        manifest; `BundleRejected` says what does not (`BundleGone`: removed meanwhile)."""
        data_name = str(manifest["data"])
        data_path = folder.path / data_name
        try:
            data = folder.read(data_name)
        except FileNotFoundError:
            if not folder.exists(manifest_name):
                raise BundleGone(data_path) from None
            raise BundleRejected(data_path, "is missing") from None
        except NotARealFile as exc:
            raise BundleRejected(data_path, str(exc)) from None
        except OSError as exc:
            raise BundleRejected(data_path, f"cannot be read ({exc.strerror or exc})") from None
        if len(data) != manifest["bytes"]:
            raise BundleRejected(
                data_path, f"has {len(data)} bytes, its manifest says {manifest['bytes']}"
            )
        if hashlib.sha256(data).hexdigest() != manifest["sha256"]:
            raise BundleRejected(data_path, "SHA-256 checksum does not match its manifest")
        body = _lines_of(data)
        count = body.count(b"\n") + 1 if body else 0
        if count != manifest["count"]:
            raise BundleRejected(
                data_path, f"has {count} documents, its manifest says {manifest['count']}"
            )
        return data_path, data

    def _documents_of(
        self,
        folder: ShareFolder,
        data_path: Path,
        data: bytes,
        bodies: dict[str, tuple[Document, bytes]],
    ) -> list[Document]:
        """A verified bundle's documents, each a valid document of this store and of the
        terminal whose folder it is in; else `BundleRejected` names the first bad line."""
        body = _lines_of(data)
        quick = decode_lines(body)
        docs: list[Document] = []
        if quick is not None:
            docs = [doc for doc, _ in quick]
        else:  # not all plain: read line by line, naming the first bad one
            for number, raw in enumerate(_parse_lines(data_path, body), start=1):
                try:
                    docs.append(document_from_json(raw))
                except RecordFormatError as exc:
                    raise BundleRejected(data_path, f"line {number}: {exc}") from None
        store_id = self.target.store_id
        terminal_of: dict[str, str] = {}
        for number, doc in enumerate(docs, start=1):
            if doc.store_id != store_id:
                raise BundleRejected(
                    data_path, f"line {number}: store_id {doc.store_id!r} is not this store"
                )
            if isinstance(doc, CheckRecord | AuditEvent):
                where = terminal_of.get(doc.terminal_id)
                if where is None:
                    where = terminal_of[doc.terminal_id] = folder_name(doc.terminal_id)
                if where != folder.path.name:
                    raise BundleRejected(
                        data_path,
                        f"line {number}: terminal_id {doc.terminal_id!r} is not the "
                        f"terminal of its folder {folder.path.name!r}",
                    )
        for doc, text in quick or ():
            bodies.setdefault(doc.id, (doc, text))
        return docs

    def _directory(self, folder: ShareFolder, problems: list[str]) -> list[DirectoryEntry]:
        """A terminal's staff directory, if it is signed with the store's key and every entry
        holds (a valid employee id among them); else none of it, with the problem named."""
        path = folder.path / DIRECTORY_NAME
        try:
            raw = json.loads(folder.read(DIRECTORY_NAME).decode("utf-8"))
        except FileNotFoundError:
            return []
        except NotARealFile as exc:
            problems.append(str(exc))
            return []
        except (OSError, ValueError) as exc:
            problems.append(str(BundleRejected(path, str(exc))))
            return []
        try:
            if not isinstance(raw, dict) or raw.get("format") != DIRECTORY_FORMAT:
                raise ValueError("not a staff directory")
            if raw.get("store_id") != self.target.store_id:
                raise ValueError("not a staff directory of this store")
            terminal = raw.get("terminal_id")
            if not isinstance(terminal, str) or folder_name(terminal) != folder.path.name:
                raise ValueError(f"terminal_id {terminal!r} is not the terminal of its folder")
            problem = signature_problem(raw, self.key)
            if problem is not None:
                raise ValueError(problem)
            if not isinstance(raw.get("employees"), list):
                raise ValueError("employees: expected a list")
            return [DirectoryEntry.from_json(e) for e in raw["employees"]]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            problems.append(str(BundleRejected(path, str(exc))))
            return []


def _lines_of(data: bytes) -> bytes:
    """A bundle's lines without the final newline. Lines are split at "\\n" only: JSON text
    has no raw newline inside a string, while other line breaks (U+2028, NEL) may well be
    in a note."""
    return data[:-1] if data.endswith(b"\n") else data


def _parse_lines(data_path: Path, body: bytes) -> list[Any]:
    """The JSON value of each line of `body`; `BundleRejected` names the first bad line
    (text that is not UTF-8, or holds a lone surrogate escape, among them)."""
    values: list[Any] = []
    for number, line in enumerate(body.split(b"\n"), start=1):
        try:
            value = decode(line)
            encode(value).decode("utf-8")  # a lone surrogate ("\ud800") cannot be stored
        except UnicodeError:
            raise BundleRejected(
                data_path, f"line {number}: text that is not valid Unicode (a lone surrogate)"
            ) from None
        except ValueError as exc:
            raise BundleRejected(data_path, f"line {number}: not JSON: {exc}") from None
        except RecursionError:
            raise BundleRejected(data_path, f"line {number}: nested too deeply") from None
        values.append(value)
    return values


class BundleRejected(Exception):
    """A bundle not imported at all; the message names the file and what is wrong."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"bundle {path} rejected: {problem}")


class BundleGone(BundleRejected):
    """A bundle removed while being read: its writer merged it into a bigger one."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, "removed while being read (merged into another bundle)")


_MANIFEST_TYPES: dict[str, type | tuple[type, ...]] = {
    "format": str,
    "store_id": str,
    "terminal_id": str,
    "first_seq": int,
    "last_seq": int,
    "count": int,
    "bytes": int,
    "sha256": str,
    "data": str,
    "written_at": str,
}


def _manifest(path: Path, raw_bytes: bytes, store_id: str) -> dict[str, Any]:
    """A manifest's fields, checked for form (the signature is checked by the caller)."""
    try:
        raw = json.loads(raw_bytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BundleRejected(path, f"manifest cannot be read: {exc}") from None
    if not isinstance(raw, dict):
        raise BundleRejected(path, "manifest is not a JSON object")
    for key, kind in _MANIFEST_TYPES.items():
        if not isinstance(raw.get(key), kind) or isinstance(raw.get(key), bool):
            raise BundleRejected(path, f"manifest field {key} is missing or of the wrong type")
    if raw["format"] != BUNDLE_FORMAT:
        raise BundleRejected(path, f"unknown bundle format {raw['format']!r}")
    if raw["store_id"] != store_id:
        raise BundleRejected(path, f"store_id {raw['store_id']!r} is not this store")
    named = _BUNDLE_NAME.match(path.name)
    if named is None:
        raise BundleRejected(path, "not a bundle name (bNNNNNNNNNNNN-NNNNNNNNNNNN)")
    if (int(named.group(1)), int(named.group(2))) != (raw["first_seq"], raw["last_seq"]):
        raise BundleRejected(path, "the sequence range in its name and its contents differ")
    stem = path.name[: -len(MANIFEST_SUFFIX)]
    if raw["data"] != f"{stem}.jsonl":
        raise BundleRejected(path, f"manifest names a data file other than {stem}.jsonl")
    return raw
