"""An export's .zip extracted safely, without a store: the files at its root or in one
top folder, and traversal, links, bombs, too many members and damage refused by name."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

from graphprofile.config import PROJECT_ROOT
from graphprofile.errors import InvalidInput
from graphprofile.services.export_zips import RATIO_FREE, ZipLimits, extract_export, is_zip

SAMPLE = PROJECT_ROOT / "fixtures" / "salesforce"
ACCOUNT = "Id,Name,Industry\n0015g00000NORD1AAA,Nordwind Logistics,Transportation\n"


def _zip(path: Path, members: dict[str, str | bytes], *,
         compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _refusal(archive: Path, out: Path, **options) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInput) as caught:
        extract_export(archive, out, **options)
    assert "nothing was written" in caught.value.message or "cannot be read" in \
        caught.value.message
    assert not out.exists() or not any(out.iterdir())  # nothing left behind
    return [(p.file, p.reason) for p in caught.value.problems]


def test_files_at_the_root_are_extracted(tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for csv in sorted(SAMPLE.glob("*.csv")):
            zf.write(csv, csv.name)
    out = extract_export(archive, tmp_path / "out")
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in SAMPLE.glob("*.csv"))
    assert (out / "Contact.csv").read_bytes() == (SAMPLE / "Contact.csv").read_bytes()


def test_files_in_one_top_folder_are_extracted(tmp_path):
    archive = _zip(tmp_path / "WE_00D5g_1.zip", {
        "WE_00D5g_1/": "", "WE_00D5g_1/Account.csv": ACCOUNT,
        "WE_00D5g_1/Attachments/report.pdf": b"%PDF-1.4",  # not an export file: left alone
        "__MACOSX/WE_00D5g_1/._Account.csv": b"\0\5\26\7",
    })
    out = extract_export(archive, tmp_path / "out")
    assert [p.name for p in out.iterdir()] == ["Account.csv"]
    assert (out / "Account.csv").read_text() == ACCOUNT


def test_root_files_win_over_folders(tmp_path):
    archive = _zip(tmp_path / "e.zip", {"Account.csv": ACCOUNT, "old/Contact.csv": "Id\n"})
    assert [p.name for p in extract_export(archive, tmp_path / "out").iterdir()] == [
        "Account.csv"]


def test_csv_files_in_several_folders_are_refused(tmp_path):
    archive = _zip(tmp_path / "e.zip", {"a/Account.csv": ACCOUNT, "b/Contact.csv": "Id\n"})
    [(file, reason)] = _refusal(archive, tmp_path / "out")
    assert file == "e.zip" and "several folders (a/, b/)" in reason


@pytest.mark.parametrize("evil", ["../evil.csv", "/tmp/evil.csv", "ok/../../evil.csv",
                                  "..\\evil.csv", "C:/evil.csv", "C:\\evil.csv",
                                  "bad\nname.csv"])
def test_unsafe_paths_are_refused_by_name(tmp_path, evil):
    archive = _zip(tmp_path / "e.zip", {"Account.csv": ACCOUNT, evil: "x"})
    assert _refusal(archive, tmp_path / "out") == [
        (evil, "unsafe path in the archive (absolute, with .. or a drive)")]
    assert not (tmp_path / "evil.csv").exists() and not Path("/tmp/evil.csv").exists()


def test_a_symbolic_link_is_refused(tmp_path):
    archive = tmp_path / "e.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("Account.csv", ACCOUNT)
        link = zipfile.ZipInfo("Contact.csv")
        link.create_system = 3  # Unix, so the mode below is read
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
    assert _refusal(archive, tmp_path / "out") == [
        ("Contact.csv", "symbolic links are not accepted")]


def test_an_encrypted_member_is_refused(tmp_path):
    archive = _zip(tmp_path / "e.zip", {"Account.csv": ACCOUNT})
    data = bytearray(archive.read_bytes())
    for marker, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        data[data.index(marker) + flags] |= 0x1  # as an archiver with a password marks it
    archive.write_bytes(bytes(data))
    assert _refusal(archive, tmp_path / "out") == [
        ("Account.csv", "encrypted members are not accepted")]


def test_a_name_twice_is_refused(tmp_path):
    archive = tmp_path / "e.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("Account.csv", ACCOUNT)
        with pytest.warns(UserWarning, match="Duplicate name"):
            zf.writestr("Account.csv", "Id,Name\nx,evil\n")
    assert _refusal(archive, tmp_path / "out") == [
        ("Account.csv", "the archive holds this name twice")]


def test_too_many_members_are_refused(tmp_path):
    archive = _zip(tmp_path / "e.zip", {f"f{i}.csv": "Id\n" for i in range(6)})
    [(file, reason)] = _refusal(archive, tmp_path / "out", limits=ZipLimits(members=5))
    assert file == "e.zip" and reason == "more than 5 members (6)"


def test_a_zip_bomb_is_refused_before_it_is_extracted(tmp_path):
    archive = _zip(tmp_path / "bomb.zip", {"Account.csv": ACCOUNT,
                                           "Contact.csv": b"0" * (8 * RATIO_FREE)})
    [(file, reason)] = _refusal(archive, tmp_path / "out")
    assert file == "Contact.csv" and reason.startswith("compressed more than 200:1")


def test_a_well_compressed_attachment_left_alone_does_not_refuse_the_export(tmp_path):
    archive = _zip(tmp_path / "e.zip", {"Account.csv": ACCOUNT,
                                        "Attachments/blank.txt": b"0" * (8 * RATIO_FREE)})
    assert [p.name for p in extract_export(archive, tmp_path / "out").iterdir()] == [
        "Account.csv"]


def test_the_total_size_is_capped(tmp_path):
    archive = _zip(tmp_path / "e.zip", {"Account.csv": ACCOUNT, "Contact.csv": "x" * 5000},
                   compression=zipfile.ZIP_STORED)
    [(file, reason)] = _refusal(archive, tmp_path / "out", limits=ZipLimits(expanded=4000))
    assert file == "e.zip" and reason.startswith("expands to more than")


def _lie_about_size(archive: Path, name: str, size: int) -> None:
    """Rewrite the uncompressed size the central directory declares for ``name``."""
    data = bytearray(archive.read_bytes())
    start = data.index(b"PK\x01\x02")  # the first central directory header
    while data[start + 46:start + 46 + len(name)] != name.encode():
        start = data.index(b"PK\x01\x02", start + 4)
    data[start + 24:start + 28] = size.to_bytes(4, "little")
    archive.write_bytes(bytes(data))


def test_a_member_larger_than_its_header_says_is_refused(tmp_path):
    # The headers claim 100 bytes under the cap; the member really holds 5,000.
    archive = _zip(tmp_path / "e.zip", {"Account.csv": ACCOUNT, "Contact.csv": "x" * 5000},
                   compression=zipfile.ZIP_STORED)
    _lie_about_size(archive, "Contact.csv", 100)
    with zipfile.ZipFile(archive) as zf:
        assert zf.getinfo("Contact.csv").file_size == 100
    problems = _refusal(archive, tmp_path / "out", limits=ZipLimits(expanded=4000))
    assert [file for file, _ in problems] == ["Contact.csv"]


def test_a_damaged_or_foreign_file_is_refused(tmp_path):
    not_zip = tmp_path / "export.zip"
    not_zip.write_bytes(b"Id,Name\n")
    [(file, reason)] = _refusal(not_zip, tmp_path / "out")
    assert file == "export.zip" and reason.startswith("cannot be read as a .zip archive")
    damaged = _zip(tmp_path / "d.zip", {"Account.csv": ACCOUNT * 50})
    data = bytearray(damaged.read_bytes())
    data[60] ^= 0xFF  # inside the compressed bytes: the CRC no longer matches
    damaged.write_bytes(bytes(data))
    [(file, reason)] = _refusal(damaged, tmp_path / "out2")
    assert file == "Account.csv" and reason.startswith("cannot be extracted")


def test_is_zip(tmp_path):
    assert is_zip(_zip(tmp_path / "e.zip", {"Account.csv": ACCOUNT}))
    assert is_zip(_zip(tmp_path / "e.bin", {"Account.csv": ACCOUNT}))
    (tmp_path / "x.csv").write_text("Id\n")
    assert not is_zip(tmp_path / "x.csv") and not is_zip(tmp_path)
