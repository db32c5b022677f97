"""Faithful reader and writer of gettext ``.po`` / ``.pot`` catalogs.

Every entry keeps ``raw``, the exact text of its block in the file (the blank lines before
it, its comment lines and its keyword lines). Serializing an entry whose fields still match
what ``raw`` describes emits ``raw`` untouched, so an unedited file round-trips byte for byte
and an edit only changes the lines of the edited field.

- :mod:`.model`: entries, files and problems;
- :mod:`.style`: how a file writes its entries (line ends, wrapping);
- :mod:`.escapes`: the C escapes of quoted strings;
- :mod:`.charsets`: the file's charset, for reading and for writing;
- :mod:`.reader`: bytes to a file, one small method per keyword, every problem with its line
  (:mod:`.draft` holds an entry being read);
- :mod:`.validation`: the rules a whole file follows (no duplicates, plural forms);
- :mod:`.records`: entries and files rebuilt from what the database stores;
- :mod:`.writer`: a file back to text and bytes.
"""

from backoffice.catalogs.po.escapes import escape, unescape
from backoffice.catalogs.po.model import PoEntry, PoFile, PoParseError, Problem
from backoffice.catalogs.po.reader import entry_from_raw, loads, parse
from backoffice.catalogs.po.records import entry_from_record, file_from_records
from backoffice.catalogs.po.style import PoStyle
from backoffice.catalogs.po.writer import dumps, render_entry, serialize

__all__ = [
    "PoEntry",
    "PoFile",
    "PoParseError",
    "PoStyle",
    "Problem",
    "dumps",
    "entry_from_raw",
    "entry_from_record",
    "escape",
    "file_from_records",
    "loads",
    "parse",
    "render_entry",
    "serialize",
    "unescape",
]
