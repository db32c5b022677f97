"""Moderation coverage: who moderates in which languages, and what each country needs."""
