"""Comment text as a person counts it."""

import unicodedata


def normalise(text):
    """NFC, every line break as "\\n", no white space at either end."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).strip()


def length(text):
    """Characters as a person counts them: after NFC, a line break counts as one."""
    return len(normalise(text))
