"""Resources found through the package: the checkout's folders in an editable install,
the package list of pyproject.toml complete, vis-network served from pyvis, and the
managed server's jars found or built (the failures; test_wheel.py builds for real)."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from graphprofile import cypher, resources
from graphprofile.config import Settings
from graphprofile.errors import StoreUnavailable
from graphprofile.store.jars import SERVER_JAR, server_jars

ROOT = Path(__file__).resolve().parents[2]


def test_an_editable_install_reads_the_checkouts_folders() -> None:
    assert resources.cypher_dir() == ROOT / "cypher"
    assert resources.demo_bundle() == ROOT / "fixtures" / "demo"
    assert resources.server_source() == ROOT / "server"
    assert cypher.names() == sorted(p.stem for p in (ROOT / "cypher").glob("*.cypher"))
    assert Settings().server_dir == ROOT / "server"


def test_every_package_of_the_checkout_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    mapped = config["tool"]["setuptools"]["package-dir"]
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for top in ("graphprofile", "web") for p in (ROOT / top).rglob("__init__.py")}
    found |= {name for name, folder in mapped.items() if (ROOT / folder / "__init__.py").is_file()}
    assert found == listed, "add new packages to [tool.setuptools] packages in pyproject.toml"


def test_vis_network_comes_from_pyvis_not_from_a_copy() -> None:
    from web import create_app

    assert not (ROOT / "web" / "static" / "vendor").exists()
    client = create_app(config={"TESTING": True}).test_client()
    for name in ("vis-network.min.js", "vis-network.css"):
        response = client.get(f"/static/vendor/{name}")
        assert response.status_code == 200
        assert response.data == (resources.vis_network() / name).read_bytes()
        response.close()
    own = client.get("/static/app.css")
    assert own.status_code == 200 and own.data == (ROOT / "web/static/app.css").read_bytes()
    own.close()
    assert client.get("/static/vendor/../app.css").status_code == 404
    assert client.get("/static/vendor/nothing.js").status_code == 404


def _source_copy(tmp_path: Path) -> Path:
    source = tmp_path / "server"
    source.mkdir()
    shutil.copy2(ROOT / "server" / "pom.xml", source / "pom.xml")
    shutil.copytree(ROOT / "server" / "src", source / "src")
    return source


def test_jars_built_next_to_the_source_are_used_as_they_are(tmp_path: Path) -> None:
    target = tmp_path / "built" / "target"
    (target / "lib").mkdir(parents=True)
    (target / SERVER_JAR).touch()
    (target / "lib" / "neo4j-kernel-5.jar").touch()
    settings = Settings(server_dir=tmp_path / "built", cache_dir=tmp_path / "cache")
    assert server_jars(settings) == target
    assert not (tmp_path / "cache").exists()


def test_building_without_maven_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    settings = Settings(server_dir=_source_copy(tmp_path), cache_dir=tmp_path / "cache")
    with pytest.raises(StoreUnavailable) as raised:
        server_jars(settings)
    assert "Maven (mvn) was not found" in raised.value.message
    assert raised.value.exit_code == 2


@pytest.mark.skipif(shutil.which("mvn") is None, reason="needs Maven")
def test_a_failed_build_reports_mavens_output(tmp_path: Path) -> None:
    source = _source_copy(tmp_path)
    (source / "pom.xml").write_text("<project>not a pom", encoding="utf-8")
    settings = Settings(server_dir=source, cache_dir=tmp_path / "cache")
    with pytest.raises(StoreUnavailable) as raised:
        server_jars(settings)
    assert "Building the Neo4j server jars failed" in raised.value.message
    assert "pom.xml" in raised.value.message  # Maven's own complaint is quoted
    assert not [p for p in (tmp_path / "cache").iterdir() if not p.name.endswith(".lock")
                and not p.name.endswith(".partial")]
