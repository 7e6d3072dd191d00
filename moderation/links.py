"""Where a link points, as the spam check groups links: its registered domain.

A registered domain is the part of a host name someone registered: the public suffix
(".se", ".co.uk", "github.io") and one label more. It comes from the Public Suffix List
(the `publicsuffixlist` package, which ships the list), never from a hand-made list of
suffixes, so "a.b.example.co.uk" is "example.co.uk" and "sub.regeringen.se" is
"regeringen.se". A host that is itself a public suffix, an IP address or one bare label
stays as it is.

How registered domains are then grouped (URL shorteners as one class, the officers'
allow-list) is data in the admin: `moderation.models.LinkDomain`, read by checks/spam.py.
"""

import fnmatch
import re
from functools import lru_cache

from publicsuffixlist import PublicSuffixList

_IP = re.compile(r"^[\d.]+$|^\[?[0-9a-f:]+\]?$")


@lru_cache(maxsize=1)
def _suffixes():
    return PublicSuffixList()  # parses the shipped list once per process (about 0.1 s)


def host_of(link):
    """The host name of a link as written in a comment ("https://x.se:80/a?b" → "x.se")."""
    host = re.sub(r"^(?:[a-z][a-z0-9+.-]*:)?//", "", link.strip().casefold())
    host = re.split(r"[/?#\\]", host, maxsplit=1)[0]
    host = host.rsplit("@", 1)[-1]  # user:password@host
    host = host.split("]", 1)[0] + "]" if host.startswith("[") else host.split(":", 1)[0]
    return host.strip(".")


def _unicode(host):
    """Punycode labels back to letters, so "xn--bcher-kva.se" and "bücher.se" are one."""
    if "xn--" not in host:
        return host
    try:
        return host.encode("ascii").decode("idna")
    except (UnicodeError, ValueError):
        return host


@lru_cache(maxsize=4096)
def registrable(host):
    """The registered domain of a host name (see the module docstring)."""
    host = _unicode(host.casefold().strip("."))
    if not host or _IP.match(host) or "." not in host:
        return host
    return _suffixes().privatesuffix(host) or host


def registered_domain(link):
    """"https://www.example.co.uk/x?y" → "example.co.uk"."""
    return registrable(host_of(link))


def matches(domain, pattern):
    """Does a registered domain match an officer's entry?

    "skr.se" matches skr.se itself (links to any of its subdomains have that registered
    domain); an entry with "*" or "?" is a shell-style pattern ("*kommun.se", "region*.se").
    """
    pattern = pattern.strip().casefold()
    if any(ch in pattern for ch in "*?["):
        return fnmatch.fnmatchcase(domain, pattern)
    return domain == registrable(pattern)
