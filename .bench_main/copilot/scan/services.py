"""Which deployable unit a file belongs to.

A service is the nearest folder with a build manifest (pyproject.toml, setup.py, pom.xml,
build.gradle[.kts], go.mod, package.json, Dockerfile); a file with none above it belongs to its
top folder; a file at the root of a repository with no root manifest belongs to the repository.
Two service folders with the same base name are told apart by their path.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from copilot.scan.gitfiles import MANIFESTS


class ServiceMap:
    def __init__(self, paths: Iterable[str], repo_name: str) -> None:
        self.repo_name = repo_name
        self.manifest_dirs: set[str] = set()
        manifests = frozenset(MANIFESTS)
        for path in paths:
            folder, _, name = path.rpartition("/")
            if name in manifests or name.endswith(".csproj"):
                self.manifest_dirs.add(folder)
        self._names: dict[str, str] = {}
        by_base: dict[str, list[str]] = {}
        for d in sorted(self.manifest_dirs):
            by_base.setdefault(posixpath.basename(d) or repo_name, []).append(d)
        for base, dirs in by_base.items():
            for d in dirs:
                self._names[d] = base if len(dirs) == 1 else (d.replace("/", "-") or repo_name)
        self._cache: dict[str, tuple[str, str]] = {}

    def folder_of(self, path: str) -> str:
        return self.lookup(path)[1]

    def service_of(self, path: str) -> str:
        return self.lookup(path)[0]

    def lookup(self, path: str) -> tuple[str, str]:
        """(service name, service folder) of a repository-relative file path."""
        d = posixpath.dirname(path)
        if d in self._cache:
            return self._cache[d]
        probe = d
        while True:
            if probe in self.manifest_dirs:
                result = (self._names[probe], probe)
                break
            if not probe:
                top = d.split("/", 1)[0]
                result = (top, top) if top else (self.repo_name, "")
                break
            probe = posixpath.dirname(probe)
        self._cache[d] = result
        return result

    def folders(self) -> dict[str, str]:
        return {name: d for d, name in self._names.items()}
