"""Payment methods as people name them: Adyen's method types (``scheme``) never shown raw."""

from __future__ import annotations

from backoffice.core.i18n import lazy_gettext as _l

# Adyen's ``type`` of each common method; brand names stay as their owners write them.
METHOD_LABELS = {
    "scheme": _l("Cards"),
    "sepadirectdebit": _l("SEPA Direct Debit"),
    "paypal": "PayPal",
    "ideal": "iDEAL",
    "blik": "BLIK",
    "applepay": "Apple Pay",
    "googlepay": "Google Pay",
    "paywithgoogle": "Google Pay",
    "klarna": "Klarna",
    "bcmc": "Bancontact",
    "twint": "TWINT",
    "mbway": "MB WAY",
    "pix": "Pix",
    "boletobancario": "Boleto Bancário",
    "oxxo": "OXXO",
    "upi": "UPI",
    "trustly": "Trustly",
    "swish": "Swish",
    "mobilepay": "MobilePay",
    "vipps": "Vipps",
    "sofort": "Sofort",
    "giropay": "giropay",
    "eps": "EPS",
    "multibanco": "Multibanco",
    "dotpay": "Dotpay",
    "onlineBanking_PL": _l("Online banking (Poland)"),
}


def method_label(method: str) -> str:
    return str(METHOD_LABELS.get(method, method))


def method_labels(methods: list[str] | None) -> str:
    return ", ".join(method_label(m) for m in methods or [])
