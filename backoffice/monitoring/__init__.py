"""Watching payments once they are on: authorisation success, and daily health checks."""
