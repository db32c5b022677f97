from __future__ import annotations

from backoffice.catalogs.checks import Finding, run_checks
from backoffice.catalogs.plurals import parse_plural_forms
from backoffice.catalogs.po.model import PoEntry

POLISH = parse_plural_forms(
    "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)
ARABIC = parse_plural_forms(
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 ? 4 : 5;"
)


def ids(findings: list[Finding]) -> list[tuple[str, str]]:
    return sorted((f.check, f.severity) for f in findings)


def test_clean_translation_has_no_findings() -> None:
    assert run_checks("Hello %(name)s!", translation="Cześć %(name)s!") == []
    assert run_checks("Untranslated", translation="") == []


def test_python_format() -> None:
    flagged = ["python-format"]
    assert ids(run_checks("%(count)d rides", translation="%(cnt)d przejazdów", flags=flagged)) == [
        ("python-format", "error"),
        ("python-format", "error"),
    ]
    assert run_checks("%s of %d", translation="%s z %d") == []
    assert ids(run_checks("%s of %d", translation="%d z %s")) == [("python-format", "error")]
    assert run_checks("100%% sure %s", translation="%s na 100%%", flags=flagged) == []
    # "100% sure" is not a placeholder unless the entry says so.
    assert run_checks("100% sure", translation="w 100 procentach pewne") == []
    assert run_checks("%(a)s", translation="%(a)s", flags=["no-python-format"]) == []


def test_brace_format_and_html() -> None:
    assert ids(run_checks("Hi {name}", translation="Cześć {imie}")) == [
        ("python-brace-format", "error"),
        ("python-brace-format", "error"),
    ]
    assert run_checks("{0} of {1}", translation="{1} z {0}") == []
    assert run_checks("Use {{braces}}", translation="Użyj {{nawiasów}}") == []
    findings = run_checks("<b>Save</b> now", translation="<strong>Zapisz</b> teraz")
    assert ids(findings) == [("html", "error")]
    assert "<strong>" in findings[0].message and "<b>" in findings[0].message
    assert run_checks('<a href="{url}">Go</a>', translation='<a href="{url}">Idź</a>') == []


def test_whitespace_newlines_punctuation() -> None:
    assert ids(run_checks("Name ", translation="Nazwa")) == [("whitespace", "warning")]
    assert ids(run_checks(" Name", translation="Nazwa")) == [("whitespace", "warning")]
    assert ids(run_checks("a\nb", translation="a b")) == [("newlines", "warning")]
    assert ids(run_checks("line\n", translation="linia")) == [("newlines", "error")]
    assert ids(run_checks("Saved.", translation="Zapisano")) == [("punctuation", "warning")]
    # Different scripts end sentences differently; the meaning is what is compared.
    assert run_checks("Saved.", translation="保存しました。") == []
    assert run_checks("Saved.", translation="सहेजा गया।") == []
    assert run_checks("Sure?", translation="هل أنت متأكد؟") == []
    assert run_checks("Wait...", translation="Czekaj…") == []
    assert ids(run_checks("Sure?", translation="Pewne!")) == [("punctuation", "warning")]


def test_max_length() -> None:
    assert ids(run_checks("Save", translation="Zapisz wszystko", max_length=8)) == [
        ("max-length", "error")
    ]
    entry = PoEntry(msgid="OK", msgstr="Dobrze, zgoda", flags=["max-length:5"])
    assert ids(run_checks(entry)) == [("max-length", "error")]


def test_plural_entries() -> None:
    entry = PoEntry(
        msgid="%(num)d seat left.",
        msgid_plural="%(num)d seats left.",
        msgstr_plural=["Zostało jedno miejsce.", "Zostały %(num)d miejsca.", ""],
        flags=["python-format"],
    )
    findings = run_checks(entry, plural_rule=POLISH)
    # msgstr[0] (n=1) may drop the number; the empty msgstr[2] is an error.
    assert [(f.check, f.form) for f in findings] == [("plural-empty", 2)]
    entry.msgstr_plural[2] = "Zostało miejsc."
    assert [(f.check, f.form) for f in run_checks(entry, plural_rule=POLISH)] == [
        ("python-format", 2)
    ]
    entry.msgstr_plural = ["a.", "b."]
    assert ("plural-count", "error") in ids(run_checks(entry, 3))


def test_arabic_single_number_forms_may_drop_the_number() -> None:
    entry = PoEntry(
        msgid="Must be at least {num} character long.",
        msgid_plural="Must be at least {num} characters long.",
        msgstr_plural=[
            "يجب ألا يحوي أي حرف.",
            "يجب أن يحوي حرفًا واحدًا على الأقل.",
            "يجب أن يحوي حرفين على الأقل.",
            "يجب أن يحوي {num} حروف على الأقل.",
            "يجب أن يحوي {num} حرفًا على الأقل.",
            "يجب أن يحوي حرفًا على الأقل.",
        ],
    )
    findings = run_checks(entry, plural_rule=ARABIC)
    assert [(f.check, f.form) for f in findings] == [("python-brace-format", 5)]


def test_plain_strings_for_plural_forms() -> None:
    findings = run_checks(
        "{count} ride",
        source_plural="{count} rides",
        translation=["{count} przejazd", "{count} przejazdy", "{cout} przejazdów"],
        nplurals=3,
    )
    assert [(f.check, f.form) for f in findings] == [
        ("python-brace-format", 2),
        ("python-brace-format", 2),
    ]
    assert str(findings[0]).startswith("error: placeholder {count}")
