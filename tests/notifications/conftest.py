from tests.payments.conftest import (  # noqa: F401
    adyen,
    local_adyen,
    make_connector,
    make_country,
    ready_country,
)
from tests.support.coordination import _smtp, mailbox  # noqa: F401
