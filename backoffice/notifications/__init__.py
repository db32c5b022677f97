"""Telling people that something needs them: an inbox in the console, and e-mail."""
