"""A local DeepL-compatible server for tests and the demo (``POST /v2/translate``).

It answers as DeepL's API v2 does (JSON or form bodies, ``DeepL-Auth-Key`` header) with a
recognisable pseudo-translation: ``[FR] text``, the text kept as it is after it.
"""
