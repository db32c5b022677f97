"""How a person reads an audit event: one sentence in their language, keyed by action.

Every action the code records (``audit.record("catalog.translation_saved", ...)``) has its
wording here: a short label (the audit log's action filter) and a sentence naming who did
it and to what. tests/audit/test_wording.py finds the recorded actions in the code and
fails when one has no wording. An action recorded before its wording existed still reads
as a sentence (``describe`` falls back to the action's words).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from backoffice.core.i18n import lazy_gettext as _l


@dataclass(frozen=True)
class Wording:
    label: object  # lazy string: the action in the filter list
    sentence: object  # lazy string with %(who)s and %(object)s


def _w(label: object, sentence: object) -> Wording:
    return Wording(label, sentence)


ACTIONS: dict[str, Wording] = {
    # Catalogs
    "catalog.imported": _w(_l("Catalog imported"),
                           _l("%(who)s imported a file into %(object)s")),
    "catalog.import_reverted": _w(_l("Catalog import reverted"),
                                  _l("%(who)s reverted an import into %(object)s")),
    "catalog.updated_from_template": _w(_l("Catalog updated from its template"),
                                        _l("%(who)s updated %(object)s from its template")),
    "catalog.converted_to_utf8": _w(_l("Catalog converted to UTF-8"),
                                    _l("%(who)s converted %(object)s to UTF-8")),
    "catalog.translation_saved": _w(_l("Translation saved"),
                                    _l("%(who)s saved a translation of %(object)s")),
    "catalog.translation_reviewed": _w(_l("Translation reviewed"),
                                       _l("%(who)s reviewed the translation of %(object)s")),
    "catalog.target_set": _w(_l("Catalog target date set"),
                             _l("%(who)s set the target date of %(object)s")),
    # Countries and their stage
    "country.created": _w(_l("Country created"), _l("%(who)s created %(object)s")),
    "country.updated": _w(_l("Country updated"),
                          _l("%(who)s changed the configuration of %(object)s")),
    "country.restored": _w(_l("Country version restored"),
                           _l("%(who)s restored an earlier configuration of %(object)s")),
    "country.threshold_changed": _w(_l("Translation threshold changed"),
                                    _l("%(who)s changed the translation threshold of %(object)s")),
    "country.stage_changed": _w(_l("Stage changed"),
                                _l("%(who)s moved %(object)s to another stage")),
    "country.change_scheduled": _w(_l("Change scheduled"),
                                   _l("%(who)s scheduled a change of %(object)s")),
    "country.change_cancelled": _w(_l("Scheduled change cancelled"),
                                   _l("%(who)s cancelled a scheduled change of %(object)s")),
    "country.change_skipped": _w(_l("Scheduled change skipped"),
        _l("%(who)s skipped a scheduled change of %(object)s that no longer applied")),
    "country.target_set": _w(_l("Stage target date set"),
                             _l("%(who)s set a stage target date of %(object)s")),
    "locale.created": _w(_l("Locale created"), _l("%(who)s added %(object)s")),
    "locale.updated": _w(_l("Locale updated"), _l("%(who)s changed %(object)s")),
    # ID checks and marketing
    "idcheck_policy.created": _w(_l("ID-check policy created"),
                                 _l("%(who)s created the ID-check policy of %(object)s")),
    "idcheck_policy.updated": _w(_l("ID-check policy updated"),
                                 _l("%(who)s changed the ID-check policy of %(object)s")),
    "provider_coverage.updated": _w(_l("Provider coverage updated"),
                                    _l("%(who)s changed the coverage of %(object)s")),
    "marketing_plan.created": _w(_l("Marketing plan created"), _l("%(who)s created %(object)s")),
    "marketing_plan.updated": _w(_l("Marketing plan updated"), _l("%(who)s changed %(object)s")),
    "marketing_spend.recorded": _w(_l("Marketing spend recorded"),
                                   _l("%(who)s recorded a spend in %(object)s")),
    "marketing_spend.deleted": _w(_l("Marketing spend deleted"),
                                  _l("%(who)s deleted a spend of %(object)s")),
    "exchange_rate.set": _w(_l("Exchange rate set"), _l("%(who)s set %(object)s")),
    "exchange_rate.deleted": _w(_l("Exchange rate deleted"), _l("%(who)s deleted %(object)s")),
    # Payments
    "payments.connector_created": _w(_l("Payment connector created"),
                                     _l("%(who)s created %(object)s")),
    "payments.connector_updated": _w(_l("Payment connector updated"),
                                     _l("%(who)s changed %(object)s")),
    "payments.methods_chosen": _w(_l("Payment methods chosen"),
                                  _l("%(who)s chose the payment methods of %(object)s")),
    "payments.health_checked": _w(_l("Payment health check"),
                                  _l("%(who)s ran a health check of %(object)s")),
    "payments.change_requested": _w(_l("Online payment requested"),
                                    _l("%(who)s requested %(object)s")),
    "payments.change_approved": _w(_l("Online payment approved"),
                                   _l("%(who)s approved %(object)s")),
    "payments.change_rejected": _w(_l("Online payment rejected"),
                                   _l("%(who)s rejected %(object)s")),
    "payments.change_withdrawn": _w(_l("Online payment request withdrawn"),
                                    _l("%(who)s withdrew %(object)s")),
    "payments.killed": _w(_l("Online payment killed"),
                          _l("%(who)s turned online payment off for %(object)s (kill switch)")),
    "payments.watch_policy_saved": _w(_l("Payment watch saved"),
                                      _l("%(who)s changed the payment watch of %(object)s")),
    "payments.watch_alert": _w(_l("Payment watch alert"),
                               _l("%(who)s raised a payment alert for %(object)s")),
    # People and access
    "user.created": _w(_l("User created"), _l("%(who)s created %(object)s")),
    "user.updated": _w(_l("User updated"), _l("%(who)s changed %(object)s")),
    "user.signed_in": _w(_l("Sign-in"), _l("%(who)s signed in")),
    "user.password_changed": _w(_l("Password changed"),
                                _l("%(who)s changed the password of %(object)s")),
    "user.language_changed": _w(_l("Language changed"),
                                _l("%(who)s changed the language of %(object)s")),
    "user.second_factor_enrolled": _w(_l("Authenticator set up"),
                                      _l("%(who)s set up an authenticator for %(object)s")),
    "user.second_factor_removed": _w(_l("Authenticator removed"),
                                     _l("%(who)s removed the authenticator of %(object)s")),
    "user.second_factor_reset": _w(_l("Authenticator reset"),
                                   _l("%(who)s reset the authenticator of %(object)s")),
    "user.recovery_codes_renewed": _w(_l("Recovery codes renewed"),
                                      _l("%(who)s renewed the recovery codes of %(object)s")),
    "user.recovery_code_used": _w(_l("Recovery code used"),
                                  _l("%(who)s signed in with a recovery code of %(object)s")),
    "token.created": _w(_l("API token created"), _l("%(who)s created %(object)s")),
    "token.revoked": _w(_l("API token revoked"), _l("%(who)s revoked %(object)s")),
    "notifications.preferences_changed": _w(_l("Notification preferences changed"),
        _l("%(who)s changed the notification preferences of %(object)s")),
    # Translation tools: glossary, comments, memory
    "catalog.prefilled": _w(_l("Catalog pre-filled"),
                            _l("%(who)s pre-filled %(object)s from the memory")),
    "glossary.term_saved": _w(_l("Glossary term saved"), _l("%(who)s saved %(object)s")),
    "glossary.term_deleted": _w(_l("Glossary term deleted"), _l("%(who)s deleted %(object)s")),
    "glossary.imported": _w(_l("Glossary imported"),
                            _l("%(who)s imported a file into %(object)s")),
    "comment.added": _w(_l("Comment added"), _l("%(who)s commented on %(object)s")),
    "comment.thread_resolved": _w(_l("Comment thread resolved"),
                                  _l("%(who)s resolved %(object)s")),
    "memory.tmx_imported": _w(_l("TMX file imported"),
                              _l("%(who)s imported %(object)s into the translation memory")),
    "memory.machine_configured": _w(_l("Machine translation configured"),
                                    _l("%(who)s configured %(object)s")),
    # Launch team tools: moderation, playbook, opportunities
    "moderation.moderator_saved": _w(_l("Moderator saved"), _l("%(who)s saved %(object)s")),
    "moderation.need_set": _w(_l("Moderation need set"),
                              _l("%(who)s set the moderation need of %(object)s")),
    "playbook.template_saved": _w(_l("Playbook template saved"),
                                  _l("%(who)s saved %(object)s")),
    "playbook.instantiated": _w(_l("Launch playbook started"),
                                _l("%(who)s started the launch playbook of %(object)s")),
    "playbook.task_updated": _w(_l("Playbook task updated"), _l("%(who)s changed %(object)s")),
    "opportunity.candidate_saved": _w(_l("Candidate country saved"),
                                      _l("%(who)s saved %(object)s")),
    "opportunity.indicator_set": _w(_l("Indicator set"),
                                    _l("%(who)s set an indicator of %(object)s")),
    "opportunity.weights_set": _w(_l("Ranking weights set"),
                                  _l("%(who)s changed the weights of %(object)s")),
    "opportunity.payments_checked": _w(_l("Candidate payments checked"),
        _l("%(who)s checked the payment methods available in %(object)s")),
    "opportunity.country_created": _w(_l("Country created from a candidate"),
                                      _l("%(who)s created a country from %(object)s")),
}

OBJECT_TYPES: dict[str, object] = {
    "catalog": _l("catalog"),
    "message": _l("message"),
    "country": _l("country"),
    "locale": _l("locale"),
    "idcheck_policy": _l("ID-check policy"),
    "provider_coverage": _l("provider coverage"),
    "marketing_plan": _l("marketing plan"),
    "exchange_rate": _l("exchange rate"),
    "payment_connector": _l("payment connector"),
    "payment_change": _l("payment change request"),
    "user": _l("user"),
    "api_token": _l("API token"),
    "glossary": _l("glossary"),
    "glossary_term": _l("glossary term"),
    "comment_thread": _l("comment thread"),
    "memory": _l("translation memory file"),
    "machine_translation": _l("machine translation"),
    "moderator": _l("moderator"),
    "playbook_template": _l("playbook template"),
    "playbook_task": _l("playbook task"),
    "candidate": _l("candidate country"),
    "opportunity_weights": _l("opportunity"),
}


def _words(name: str) -> str:
    return name.replace("_", " ").replace(".", " · ")


def action_label(action: str) -> str:
    wording = ACTIONS.get(action)
    return str(wording.label) if wording else _words(action)


def object_type_label(object_type: str) -> str:
    label = OBJECT_TYPES.get(object_type)
    return str(label) if label else _words(object_type)


def action_choices() -> list[tuple[str, str]]:
    """Every known action, labelled and sorted in the reader's language."""
    return sorted(((name, action_label(name)) for name in ACTIONS), key=lambda c: c[1].lower())


def object_type_choices() -> list[tuple[str, str]]:
    return sorted(((name, object_type_label(name)) for name in OBJECT_TYPES),
                  key=lambda c: c[1].lower())


def who(event: Any, *, shown: bool = True) -> str:
    if not shown:
        return _("Someone")
    return event.actor_email or _("The system")


def describe(event: Any, *, show_actor: bool = True) -> str:
    """The event as one sentence (plain text: the template escapes it)."""
    values = {
        "who": who(event, shown=show_actor),
        "object": f"{object_type_label(event.object_type)} {event.object_id}",
    }
    wording = ACTIONS.get(event.action)
    if wording is None:
        return _("%(who)s: %(action)s on %(object)s", action=_words(event.action), **values)
    return str(wording.sentence) % values
