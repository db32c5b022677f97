from tests.support.coordination import _smtp, mailbox  # noqa: F401
