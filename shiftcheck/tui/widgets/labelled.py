"""A dialog field with its name beside it (or above it), which stays in view once the field is
filled; the name is highlighted while the field has focus (styles in the dialog's `.tcss`)."""

from __future__ import annotations

from textual.containers import Container
from textual.widget import Widget
from textual.widgets import Label


class LabelledField(Container):
    """`field` with `label` beside it; `stacked` puts the label above instead."""

    def __init__(
        self, label: str, field: Widget, *, stacked: bool = False, id: str | None = None
    ) -> None:
        super().__init__(
            Label(label, classes="field-label", markup=False),
            field,
            id=id,
            classes="-stacked" if stacked else "",
        )
