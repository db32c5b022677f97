"""Per-language glossaries: terms the editor highlights and the checks hold translations to."""
