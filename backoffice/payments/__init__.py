"""Online payment through Adyen: connectors, health checks, gates, four-eyes switch-on,
kill switch and webhooks."""
