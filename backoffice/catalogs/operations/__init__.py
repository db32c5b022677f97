"""Catalog operations, one module per verb.

Files go through :mod:`backoffice.catalogs.po`, which keeps every entry's raw text; the
database keeps that raw text next to the fields, so an export with no edit gives back the
imported bytes and an edit re-renders only the edited lines.

- :mod:`.imports` a .po file into a catalog, as one batch; :mod:`.revert` such a batch;
- :mod:`.editing` a person's save and review, with conflict detection;
- :mod:`.template_update` from a new template; :mod:`.charset` to UTF-8;
- :mod:`.export` back to a file; :mod:`.progress` the counters; :mod:`.queries` reads;
- :mod:`.records` the only mapping between file entries and rows;
- :mod:`.rules` a message's state, its catalog's plural rule and its findings;
- :mod:`.files` reading a file someone gives; :mod:`.changes` a text change and its history.
- :mod:`.search_index` the rows an import leaves for the search index, and their task.

The project imports the verb modules; the names below stay importable from here.
"""

from __future__ import annotations

from collections.abc import Callable

from backoffice.catalogs.operations.charset import convert_to_utf8
from backoffice.catalogs.operations.editing import (
    SaveResult,
    TranslationConflict,
    review,
    save_translation,
)
from backoffice.catalogs.operations.export import (
    compile_input,
    export_bytes,
    export_file,
    export_to_dir,
)
from backoffice.catalogs.operations.files import CatalogFileError, parse_file
from backoffice.catalogs.operations.imports import (
    IMPORT_MODES,
    ImportResult,
    ensure_locale,
    import_file,
)
from backoffice.catalogs.operations.progress import recount
from backoffice.catalogs.operations.queries import (
    FILTERS,
    PAGE_SIZE,
    MessageFilter,
    Suggestion,
    catalogs_for_locales,
    check_catalog,
    find_catalog,
    get_batch,
    get_catalog,
    get_message,
    list_batches,
    list_catalogs,
    message_and_catalog,
    message_history,
    messages_page,
    parent_catalog,
    parent_message,
    parent_texts,
    suggestions,
)
from backoffice.catalogs.operations.records import entry_record
from backoffice.catalogs.operations.revert import revert_batch
from backoffice.catalogs.operations.rules import DONE_STATES, catalog_rule, labels_for, state_of
from backoffice.catalogs.operations.template_update import UpdateResult, update_from_template

ProgressCallback = Callable[[int], None]

__all__ = [
    "DONE_STATES",
    "FILTERS",
    "IMPORT_MODES",
    "PAGE_SIZE",
    "CatalogFileError",
    "ImportResult",
    "MessageFilter",
    "ProgressCallback",
    "SaveResult",
    "Suggestion",
    "TranslationConflict",
    "UpdateResult",
    "catalog_rule",
    "catalogs_for_locales",
    "check_catalog",
    "compile_input",
    "convert_to_utf8",
    "ensure_locale",
    "entry_record",
    "export_bytes",
    "export_file",
    "export_to_dir",
    "find_catalog",
    "get_batch",
    "get_catalog",
    "get_message",
    "import_file",
    "labels_for",
    "list_batches",
    "list_catalogs",
    "message_and_catalog",
    "message_history",
    "messages_page",
    "parent_catalog",
    "parent_message",
    "parent_texts",
    "parse_file",
    "recount",
    "review",
    "revert_batch",
    "save_translation",
    "state_of",
    "suggestions",
    "update_from_template",
]
