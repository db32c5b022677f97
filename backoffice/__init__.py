"""The country-launch backoffice of a long-distance carpooling marketplace."""


def create_app(config=None):
    """Build the Flask application; see :func:`backoffice.app.create_app`."""
    from backoffice.app import create_app as factory

    return factory(config)
