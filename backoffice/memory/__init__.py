"""Translation memory: every published translation, per target language, found again by
exact or fuzzy source match, by concordance search, and through TMX files."""
