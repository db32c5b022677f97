from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField

from backoffice.core.i18n import lazy_gettext as _l
from backoffice.notifications.kinds import KINDS
from backoffice.notifications.models import Delivery

DELIVERY_LABELS = {
    Delivery.IMMEDIATE.value: _l("E-mail at once"),
    Delivery.DIGEST.value: _l("Daily digest"),
    Delivery.OFF.value: _l("No e-mail"),
}


class ReadForm(FlaskForm):
    """Mark read, open, mark all read: the CSRF token only."""


def preferences_form(current: dict[str, str], formdata: object = None) -> FlaskForm:
    """One choice per kind of notification, each starting from the person's choice."""

    class PreferencesForm(FlaskForm):
        pass

    for kind, entry in KINDS.items():
        setattr(PreferencesForm, kind, SelectField(
            entry.label, choices=list(DELIVERY_LABELS.items()), default=current.get(kind)))
    if formdata is None:
        return PreferencesForm()
    return PreferencesForm(formdata=formdata)
