"""Checks in progress: `drafts/<employee>.json`, replaced atomically and durably after every
answer, so that nothing answered is lost when the power goes."""

from __future__ import annotations

from pathlib import Path

from shiftcheck.domain.drafts import Draft
from shiftcheck.domain.records import RecordFormatError
from shiftcheck.store.atomic import durable_unlink
from shiftcheck.store.errors import CorruptFileError
from shiftcheck.store.jsonfile import Quarantine, read_json_file, write_json_file
from shiftcheck.store.small_tables import require_employee_id

DRAFTS_DIR = "drafts"


class DraftFolder:
    """The drafts of one data folder (the caller checks it may write)."""

    def __init__(self, data_dir: Path, quarantine: Quarantine) -> None:
        self.folder = data_dir / DRAFTS_DIR
        self._quarantine = quarantine

    def _path(self, employee_id: str) -> Path:
        require_employee_id(employee_id)
        return self.folder / f"{employee_id}.json"

    def save(self, draft: Draft) -> None:
        """Save a check in progress; returns once it is on disk."""
        write_json_file(self._path(draft.employee_id), draft.to_json())

    def load(self, employee_id: str) -> Draft | None:
        """The employee's check in progress, if any; a damaged one is quarantined and
        `CorruptFileError` names what is wrong."""
        path = self._path(employee_id)
        data = read_json_file(path, self._quarantine)
        if data is None:
            return None
        try:
            return Draft.from_json(data)
        except RecordFormatError as exc:
            problem = f"not a valid draft: {exc}"
            raise CorruptFileError(path, problem, self._quarantine(path, problem)) from None

    def delete(self, employee_id: str) -> None:
        """Forget a check in progress (after it was submitted), durably."""
        durable_unlink(self._path(employee_id))

    def employees(self) -> list[str]:
        """Ids of employees who have a check in progress."""
        if not self.folder.is_dir():
            return []
        return sorted(p.stem for p in self.folder.glob("*.json"))
