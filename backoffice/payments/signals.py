"""What the payments domain tells others (connected in ``backoffice.app``)."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# sender: the PaymentChangeRequest just asked for (pending).
change_requested = _signals.signal("payments.change_requested")
# sender: the request just approved, rejected or withdrawn; ``by``: who decided.
change_decided = _signals.signal("payments.change_decided")
# sender: the connector ids whose webhook events were just stored; ``count``: how many.
webhooks_stored = _signals.signal("payments.webhooks_stored")
