from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, Optional

from backoffice.core.i18n import lazy_gettext as _l

CONFIRM_MESSAGE = _l("Tick the box to confirm.")


class ApproveForm(FlaskForm):
    note = StringField(_l("Why approve?"), validators=[
        DataRequired(message=_l("Say why the request is approved.")), Length(max=500)])
    confirm = BooleanField(_l("I have read what this will do"),
                           validators=[DataRequired(message=CONFIRM_MESSAGE)])


class RefuseForm(FlaskForm):
    note = StringField(_l("Why refuse?"), validators=[
        DataRequired(message=_l("Say why the request is refused.")), Length(max=500)])
    confirm = BooleanField(_l("I confirm the refusal"),
                           validators=[DataRequired(message=CONFIRM_MESSAGE)])


class WithdrawForm(FlaskForm):
    reason = StringField(_l("Why withdraw?"), validators=[Optional(), Length(max=500)])
    confirm = BooleanField(_l("I confirm the withdrawal"),
                           validators=[DataRequired(message=CONFIRM_MESSAGE)])
