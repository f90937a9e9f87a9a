"""Bad input stops with one line that names the file and key; the CLI turns this into exit code 2."""

from __future__ import annotations


class CampusInputError(Exception):
    """Bad input or a missing prerequisite. `str(err)` is the single line shown to the user."""

    def __init__(self, message: str, *, file: str | None = None, key: str | None = None) -> None:
        self.file = file
        self.key = key
        where = ": ".join(part for part in (file, key) if part)
        super().__init__(f"{where}: {message}" if where else message)
