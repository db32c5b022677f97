"""The migrations build exactly the schema the models describe."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from backoffice.core.cli import alembic_config
from backoffice.core.db import make_engine
from backoffice.models import Base, include_name
from tests.support.fixture_types import NewDatabaseUrl


def test_upgrade_from_empty_matches_the_models(new_database_url: NewDatabaseUrl) -> None:
    url = new_database_url()
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                                "include_name": include_name})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_downgrade_to_base_and_back(new_database_url: NewDatabaseUrl) -> None:
    url = new_database_url()
    config = alembic_config(url)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    engine = make_engine(url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    command.upgrade(config, "head")
