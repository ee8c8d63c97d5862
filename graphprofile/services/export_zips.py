"""A CRM export's ``.zip`` extracted safely: every member checked before anything is
written, and sizes counted as the bytes stream out rather than taken from the headers."""

from __future__ import annotations

import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from graphprofile.errors import InvalidInput, Problem

__all__ = ["LIMITS", "MAX_EXPANDED", "MAX_MEMBERS", "MAX_RATIO", "RATIO_FREE", "ZipLimits",
           "extract_export", "is_zip"]

MAX_MEMBERS = 10_000  # entries of one archive (a Data Export of every object has a few hundred)
MAX_EXPANDED = 4 * 2**30  # bytes the extracted CSV files may take, all together
MAX_RATIO = 200  # uncompressed : compressed bytes of one member; a zip bomb is ~1000:1
RATIO_FREE = 2**20  # a member smaller than this may compress any amount (a blank CSV)
_CHUNK = 1 << 20
# What an archiver adds beside the export: a Mac's resource forks and folder files.
_IGNORED_FOLDERS = frozenset({"__MACOSX"})
_IGNORED_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})


@dataclass(frozen=True)
class ZipLimits:
    """How much one archive may hold: entries, extracted bytes, compression of a member."""

    members: int = MAX_MEMBERS
    expanded: int = MAX_EXPANDED
    ratio: int = MAX_RATIO


LIMITS = ZipLimits()  # an export zip given on the command line


def is_zip(path: str | Path) -> bool:
    """Whether ``path`` is a file meant as a ``.zip`` (by its name or its first bytes)."""
    path = Path(path)
    return path.is_file() and (path.suffix.lower() == ".zip" or zipfile.is_zipfile(path))


def _refused(label: str, problems: list[Problem]) -> InvalidInput:
    size = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
    return InvalidInput(f"{label}: the archive is refused ({size}); nothing was written",
                        problems)


def _parts(name: str) -> tuple[str, ...] | None:
    """A member's path parts, or None when it is absolute, climbs out with ``..``, names a
    drive or holds control characters. A backslash counts as a separator."""
    posix = name.replace("\\", "/")
    parts = tuple(p for p in PurePosixPath(posix).parts if p not in ("", "."))
    if (not parts or posix.startswith("/") or ".." in parts or ":" in parts[0]
            or any(ord(ch) < 32 or ord(ch) == 127 for ch in posix)):
        return None
    return parts


def _ignored(parts: tuple[str, ...]) -> bool:
    return (parts[0] in _IGNORED_FOLDERS or parts[-1] in _IGNORED_FILES
            or parts[-1].startswith("._"))


def _check(members: list[zipfile.ZipInfo]) -> tuple[dict[str, tuple[str, ...]], list[Problem]]:
    """Each member's parts, and every reason to refuse the archive (member by member)."""
    parts_of: dict[str, tuple[str, ...]] = {}
    seen: set[tuple[str, ...]] = set()
    problems = []
    for info in members:
        name = info.filename
        parts = _parts(name)
        mode = info.external_attr >> 16
        if parts is None:
            problems.append(Problem(name, None, None,
                                    "unsafe path in the archive (absolute, with .. or a drive)"))
            continue
        if stat.S_ISLNK(mode):
            problems.append(Problem(name, None, None, "symbolic links are not accepted"))
        elif info.flag_bits & 0x1:
            problems.append(Problem(name, None, None, "encrypted members are not accepted"))
        elif parts in seen:
            problems.append(Problem(name, None, None, "the archive holds this name twice"))
        seen.add(parts)
        parts_of[name] = parts
    return parts_of, problems


def _chosen(members: list[zipfile.ZipInfo], parts_of: dict[str, tuple[str, ...]], label: str
            ) -> list[zipfile.ZipInfo]:
    """The CSV files of the export: those at the archive's root, else those in its one
    top-level folder (a Data Export zipped with its folder)."""
    csvs = [info for info in members if not info.is_dir()
            and (parts := parts_of[info.filename])[-1].lower().endswith(".csv")
            and not _ignored(parts)]
    root = [info for info in csvs if len(parts_of[info.filename]) == 1]
    if root:
        return root
    tops = sorted({parts_of[info.filename][0] for info in csvs})
    if len(tops) > 1:
        folders = ", ".join(f"{top}/" for top in tops)
        reason = (f"CSV files in several folders ({folders}); put the export's files at "
                  "the archive's root or in one folder")
        raise _refused(label, [Problem(label, None, None, reason)])
    return [info for info in csvs if len(parts_of[info.filename]) == 2]


def _stream(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, left: int,
            limits: ZipLimits, label: str) -> int:
    """Copy one member to ``target``, counting its bytes; return how many it had."""
    written = 0
    with zf.open(info) as source, target.open("xb") as sink:
        while chunk := source.read(_CHUNK):
            written += len(chunk)
            if written > left:
                raise _refused(label, [Problem(info.filename, None, None, (
                    f"the archive expands to more than {limits.expanded // 2**20} MB"))])
            if written > info.file_size or (
                    written > RATIO_FREE
                    and written > limits.ratio * max(info.compress_size, 1)):
                raise _refused(label, [Problem(info.filename, None, None, (
                    "expands past what its header says or more than "
                    f"{limits.ratio}:1; not an export"))])
            sink.write(chunk)
    return written


def extract_export(archive: str | Path, out: str | Path, *, limits: ZipLimits = LIMITS,
                   label: str | None = None) -> Path:
    """Extract the CSV files of the export zipped in ``archive`` into the new folder
    ``out``; return ``out``.

    The files are taken from the archive's root, or from its one top-level folder when
    the root holds none (Salesforce's Data Export and HubSpot's export, zipped either
    way); other members (attachments, a Mac's ``__MACOSX``) are not extracted. Every
    member is checked first, so an archive with one bad member writes nothing.

    Raises
    ------
    InvalidInput
        Naming each offending member and why: an absolute path, ``..`` or a drive; a
        symbolic link; encryption; a name twice; more than ``limits.members`` entries;
        more than ``limits.expanded`` bytes declared or streamed; a member compressed
        more than ``limits.ratio``:1; a damaged or unreadable archive. ``out`` is then
        left empty or absent (the caller removes its temporary folder).
    """
    archive, out = Path(archive), Path(out)
    label = label or archive.name
    try:
        with zipfile.ZipFile(archive) as zf:
            members = zf.infolist()
            if len(members) > limits.members:
                raise _refused(label, [Problem(label, None, None, (
                    f"more than {limits.members} members ({len(members)})"))])
            parts_of, problems = _check(members)
            if problems:
                raise _refused(label, problems)
            chosen = _chosen(members, parts_of, label)
            # Only what is extracted can bomb; an attachment left alone may compress well.
            bombs = [Problem(info.filename, None, None, (
                f"compressed more than {limits.ratio}:1 ({info.file_size} bytes from "
                f"{info.compress_size}); not an export's CSV file"))
                for info in chosen if info.file_size > RATIO_FREE
                and info.file_size > limits.ratio * max(info.compress_size, 1)]
            if bombs:
                raise _refused(label, bombs)
            declared = sum(info.file_size for info in chosen)
            if declared > limits.expanded:
                raise _refused(label, [Problem(label, None, None, (
                    f"expands to more than {limits.expanded // 2**20} MB "
                    f"({declared} bytes)"))])
            out.mkdir(parents=True, exist_ok=True)
            left = limits.expanded
            done: list[Path] = []
            try:
                for info in chosen:
                    target = out / parts_of[info.filename][-1]
                    done.append(target)
                    try:
                        left -= _stream(zf, info, target, left, limits, label)
                    except (zipfile.BadZipFile, zlib.error, EOFError, OSError,
                            NotImplementedError, RuntimeError) as exc:
                        raise _refused(label, [Problem(info.filename, None, None, (
                            f"cannot be extracted: {exc}"))]) from None
            except InvalidInput:
                for path in done:  # nothing half-extracted stays behind
                    path.unlink(missing_ok=True)
                raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        reason = f"cannot be read as a .zip archive: {exc}"
        raise InvalidInput(f"{label}: {reason}", [Problem(label, None, None, reason)]) from None
    return out
