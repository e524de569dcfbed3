"""Hot reload, as `sam local start-api` users expect it: a saved change is served by the next invocation.

Two watchers (inotify, through watchfiles): one over every function's CodeUri for Python files, one over the
template's directory for the template and the env-vars file. Each runs in a daemon thread and hands what changed
to a callback; the callbacks decide what to do with it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Iterable, Mapping
from pathlib import Path

import watchfiles

log = logging.getLogger("samlocal.reload")

# Editors write a file in several steps; a change counts once the writes have been quiet for this long (ms).
_DEBOUNCE_MS = 50
_STEP_MS = 10


def functions_under(changed: Iterable[Path], code_uris: Mapping[str, Path]) -> set[str]:
    """The functions whose code directory holds a changed file."""
    return {name for path in changed for name, root in code_uris.items() if path.is_relative_to(root)}


class Watcher:
    def __init__(
        self,
        code_uris: Mapping[str, Path],
        config_files: Collection[Path],
        on_code: Callable[[set[str]], None],
        on_config: Callable[[], None],
    ) -> None:
        self._code_uris = dict(code_uris)
        self._config_files = {path.resolve() for path in config_files}
        self._on_code = on_code
        self._on_config = on_config
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._watch_code, name="reload-code", daemon=True),
            threading.Thread(target=self._watch_config, name="reload-config", daemon=True),
        ]

    def start(self) -> None:
        # watchfiles logs every batch it sees at INFO; the stack says what each change did instead.
        logging.getLogger("watchfiles").setLevel(logging.WARNING)
        for thread in self._threads:
            thread.start()

    def follow(self, code_uris: Mapping[str, Path]) -> None:
        """The template changed: these are now the functions and their code. A CodeUri that is new to the watcher
        is picked up at the next start; the stack says so."""
        unwatched = {path for path in code_uris.values() if path not in set(self._code_uris.values())}
        if unwatched:
            log.warning("new CodeUri %s is not watched until the stack restarts", ", ".join(map(str, unwatched)))
        self._code_uris = dict(code_uris)

    def _watch_code(self) -> None:
        roots = sorted(set(self._code_uris.values()))
        for changes in self._changes(roots, recursive=True, wanted=lambda path: path.suffix == ".py"):
            names = functions_under(changes, self._code_uris)
            if names:
                self._on_code(names)

    def _watch_config(self) -> None:
        directories = sorted({path.parent for path in self._config_files})
        for _ in self._changes(directories, recursive=False, wanted=lambda path: path in self._config_files):
            self._on_config()

    def _changes(self, roots: list[Path], *, recursive: bool, wanted: Callable[[Path], bool]) -> Iterable[set[Path]]:
        if not roots:
            return
        for batch in watchfiles.watch(
            *roots,
            watch_filter=lambda _, path: wanted(Path(path).resolve()),
            debounce=_DEBOUNCE_MS,
            step=_STEP_MS,
            stop_event=self._stop,
            recursive=recursive,
            raise_interrupt=False,
        ):
            yield {Path(path).resolve() for _, path in batch}

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            if thread.is_alive():
                thread.join(timeout=5)
