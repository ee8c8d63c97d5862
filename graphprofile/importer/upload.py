"""An uploaded bundle (one ``.json`` document or a ``.zip`` of CSV files) saved safely to
a folder: sizes capped, archive paths checked before anything is extracted."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path, PurePosixPath
from typing import IO

from graphprofile.errors import InvalidInput, Problem

__all__ = ["MAX_EXPANDED", "MAX_UPLOAD", "save_upload"]

MAX_UPLOAD = 50 * 2**20  # bytes of an uploaded .json or .zip
MAX_EXPANDED = 250 * 2**20  # bytes a .zip may expand to (guards against zip bombs)


def _invalid(file: str, reason: str) -> InvalidInput:
    return InvalidInput(reason, [Problem(file, None, None, reason)])


def save_upload(filename: str, stream: IO[bytes], folder: Path) -> Path:
    """Save an upload named ``filename`` into the empty ``folder``; return the bundle's
    path there (the ``.json`` file, or the folder the archive's CSV files are in).

    Raises
    ------
    InvalidInput
        The type is neither, the upload is larger than :data:`MAX_UPLOAD`, or the archive
        is unreadable, unsafe or expands past :data:`MAX_EXPANDED`.
    """
    label = Path(filename or "upload").name or "upload"
    suffix = Path(label).suffix.lower()
    if suffix not in (".json", ".zip"):
        raise _invalid(label, "upload a .json bundle or a .zip of CSV files")
    saved = folder / f"upload{suffix}"
    with saved.open("wb") as sink:
        _copy_capped(stream, sink, MAX_UPLOAD, label)
    return saved if suffix == ".json" else _extract_zip(saved, folder / "bundle", label)


def _copy_capped(source: IO[bytes], target: IO[bytes], limit: int, label: str) -> int:
    """Copy at most ``limit`` bytes; InvalidInput when there is more (sizes are not trusted)."""
    copied = 0
    while chunk := source.read(1 << 20):
        copied += len(chunk)
        if copied > limit:
            raise _invalid(label, f"larger than {limit // 2**20} MB")
        target.write(chunk)
    return copied


def _member_parts(name: str) -> tuple[str, ...] | None:
    """A zip member's path parts, or None when it is absolute or climbs out with ``..``."""
    posix = name.replace("\\", "/")
    parts = PurePosixPath(posix).parts
    if (not parts or posix.startswith("/") or ".." in parts or ":" in parts[0]
            or any(ord(ch) < 32 for ch in posix)):
        return None
    return parts


def _extract_zip(archive: Path, out: Path, label: str) -> Path:
    """Extract a .zip of CSV files safely; return the folder that holds the bundle.

    Every member is checked before anything is extracted: absolute paths, ``..``,
    symbolic links and archives that expand beyond :data:`MAX_EXPANDED` are refused.
    """
    try:
        with zipfile.ZipFile(archive) as zf:
            members = zf.infolist()
            problems = []
            for info in members:
                if _member_parts(info.filename) is None:
                    problems.append(Problem(info.filename, None, None,
                                            "unsafe path in the archive (absolute or with ..)"))
                elif stat.S_ISLNK(info.external_attr >> 16):
                    problems.append(Problem(info.filename, None, None,
                                            "symbolic links are not accepted"))
            if problems:
                raise InvalidInput(f"{label}: the archive has unsafe paths; nothing was read",
                                   problems)
            if sum(info.file_size for info in members) > MAX_EXPANDED:
                raise _invalid(label,
                               f"expands to more than {MAX_EXPANDED // 2**20} MB")
            out.mkdir()
            left = MAX_EXPANDED
            for info in members:
                if info.is_dir():
                    continue
                target = out.joinpath(*_member_parts(info.filename) or ())
                if not target.resolve().is_relative_to(out.resolve()):
                    raise _invalid(info.filename, "unsafe path in the archive")
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as source, target.open("wb") as sink:
                    left -= _copy_capped(source, sink, left, label)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, OSError, EOFError) as exc:
        raise _invalid(label, f"cannot be read as a .zip archive: {exc}") from None
    if not any(out.glob("*.csv")):
        folders = [p for p in out.iterdir() if p.is_dir()]
        if len(folders) == 1:  # zipped as one top folder holding the CSV files
            return folders[0]
    return out


