"""What a file read one entry at a time keeps: a digest per message, and the offsets of the
lines no entry has taken yet."""

from __future__ import annotations

import pytest

from backoffice.catalogs.po import reader, validation
from backoffice.catalogs.po.line_reader import _FORGET_LINES
from backoffice.catalogs.po.model import PoEntry, PoParseError

HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n')


def _entry(msgid: str, msgctxt: str | None = None) -> PoEntry:
    return reader.entry_from_raw(
        ("" if msgctxt is None else f'msgctxt "{msgctxt}"\n') + f'msgid "{msgid}"\nmsgstr ""\n')


@pytest.mark.parametrize(("first", "second"), [
    ((None, "Ride"), ("", "Ride")),  # no context is not an empty one
    (("a|b", "c"), ("a", "b|c")),  # the separator inside a context or a msgid
    (("1:a", "b"), ("1", ":ab")),
    (("-", "x"), (None, "x")),
])
def test_different_keys_have_different_digests(first: tuple[str | None, str],
                                               second: tuple[str | None, str]) -> None:
    one = validation._key(_entry(first[1], first[0]))
    two = validation._key(_entry(second[1], second[0]))
    assert one != two and len(one) == len(two) == 16


def test_duplicates_are_still_found_by_their_digest() -> None:
    text = HEADER + ('\nmsgctxt "button"\nmsgid "Book"\nmsgstr ""\n'
                     '\nmsgid "Book"\nmsgstr ""\n'
                     '\nmsgctxt "button"\nmsgid "Book"\nmsgstr "x"\n')
    with pytest.raises(PoParseError) as caught:
        reader.parse(text)
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (14, "duplicate message (context 'button'): the same msgid is already defined on "
             "line 7")]


def test_a_long_file_keeps_few_line_offsets_and_every_entry_exact() -> None:
    count = 3 * _FORGET_LINES
    text = HEADER + "".join(f'\n#: app/rides.py:{n}\nmsgid "Ride {n}"\nmsgstr "Trajet {n}"\n'
                            for n in range(count)) + "\n# the end\n"
    stream = reader.Stream(text)
    largest = 0
    raws: list[str] = []
    for entry in stream.entries():
        largest = max(largest, len(stream.reader.offsets))
        raws.append(entry.raw or "")
    po = stream.finish()
    assert len(raws) == count
    assert largest <= _FORGET_LINES + 16  # not the file's 4 lines a message
    assert po.header is not None and po.header.raw is not None
    assert po.header.raw + "".join(raws) + po.trailing == text
    assert all(len(seen) == 16 for seen in stream.validator.seen)
