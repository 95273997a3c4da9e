"""Key labels in the session's language: one translator for every screen's and field's
bindings (descriptions written as message keys, e.g. `kiosk.key.pass`)."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import BindingsMap
from textual.dom import DOMNode

from shiftcheck.i18n import Translator, catalog


def is_catalog_key(description: str, lang: str) -> bool:
    """Whether a binding's description is a message key (shown translated) rather than
    Textual's own text (its lists' and fields' keys); every key is in every language's
    catalog, so the session's own is asked."""
    return description in catalog(lang)


def translate_bindings(node: DOMNode, tr: Translator) -> None:
    """Give `node`'s bindings descriptions in `tr`'s language (message keys → text); the keys
    as written are kept, so this can run again after every language switch."""
    source = getattr(node, "_source_bindings", None)
    if source is None:
        source = list(node._bindings)
        node._source_bindings = source  # type: ignore[attr-defined]
    bindings = []
    for _, binding in source:
        if is_catalog_key(binding.description, tr.lang):
            binding = replace(binding, description=tr(binding.description))
        bindings.append(binding)
    node._bindings = BindingsMap(bindings)
