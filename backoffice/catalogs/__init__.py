"""The translation workspace: gettext catalogs kept in the database, edited in the console."""
