"""Every domain's models, imported in one place so Alembic and the tests see the schema."""

from backoffice.accounts import models as accounts  # noqa: F401
from backoffice.api import models as api  # noqa: F401
from backoffice.api import revisions  # noqa: F401  (keeps the stamps current)
from backoffice.audit import models as audit  # noqa: F401
from backoffice.catalogs import bulk_models  # noqa: F401
from backoffice.catalogs import models as catalogs  # noqa: F401
from backoffice.comments import models as comments  # noqa: F401
from backoffice.core.db import Base
from backoffice.countries import models as countries  # noqa: F401
from backoffice.glossary import models as glossary  # noqa: F401
from backoffice.idchecks import models as idchecks  # noqa: F401
from backoffice.launch import targets  # noqa: F401
from backoffice.marketing import models as marketing  # noqa: F401
from backoffice.memory import models as memory  # noqa: F401
from backoffice.moderation import models as moderation  # noqa: F401
from backoffice.monitoring import models as monitoring  # noqa: F401
from backoffice.notifications import models as notifications  # noqa: F401
from backoffice.opportunities import models as opportunities  # noqa: F401
from backoffice.payments import models as payments  # noqa: F401
from backoffice.playbook import models as playbook  # noqa: F401
from backoffice.tasks import models as tasks  # noqa: F401

__all__ = ["Base"]


# The message search index (migration 0024) lives outside the models: an FTS5 table and its
# shadow tables on SQLite, a pg_trgm GIN index on PostgreSQL.
SEARCH_INDEX_PREFIX = "catalog_messages_search"


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Schema comparison skips the search index, which the models do not describe."""
    return not (name or "").startswith(SEARCH_INDEX_PREFIX) and name != (
        "ix_catalog_messages_search_trgm")
