"""Which language a comment is in, so the topic check judges a foreign one fairly.

lingua-language-detector, restricted to the languages readers of the blog write in and in
its low-accuracy mode (trigram models only). Measured on this machine: import 5 ms, the
first detection 150 ms (the models load then, once per process), then 0.07 ms per comment,
about 15 MB of memory. The detector is built on first use, so a process that never screens
a comment never pays for it.
"""

from functools import lru_cache

MIN_LETTERS = 20  # shorter texts are taken as Swedish: too little to tell


@lru_cache(maxsize=1)
def detector():
    from lingua import Language, LanguageDetectorBuilder  # lazy: see the module docstring

    languages = [Language.SWEDISH, Language.ENGLISH, Language.FINNISH, Language.GERMAN,
                 Language.SPANISH, Language.ARABIC, Language.POLISH, Language.SOMALI]
    return Language.SWEDISH, LanguageDetectorBuilder.from_languages(*languages) \
        .with_low_accuracy_mode().build()


def is_swedish(text):
    """False only when the comment is clearly in another language."""
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return True
    swedish, lingua = detector()
    found = lingua.detect_language_of(text)
    return found is None or found == swedish or lingua.compute_language_confidence(text, swedish) > 0.3
