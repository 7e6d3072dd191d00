"""`manage.py set_site_address [URL]`: make URL (default: the SITE_ADDRESS setting) the public
address of the default Wagtail Site, the one source of every absolute link
(mrblogg/addresses.py). `make run` runs it with the address it serves on; a deployment runs
it after migrate with SITE_ADDRESS from the environment."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_address(address):
    """(hostname, port) of "https://mr.example.se/" or "http://127.0.0.1:8000", or
    CommandError for what a Wagtail Site cannot be (a path, a query, HTTPS off port 443)."""
    try:
        parts = urlsplit(address.strip())
        port = parts.port
    except ValueError as error:
        raise CommandError(f"Not an address: {address!r} ({error})") from None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise CommandError(
            f"Give an http:// or https:// address with a host name, not {address!r}."
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise CommandError(f"The address is the site's root, without a path: {address!r}.")
    port = port or DEFAULT_PORTS[parts.scheme]
    # Wagtail writes port 443 as https:// and every other port as http:// (Site.root_url).
    if parts.scheme == "https" and port != 443:
        raise CommandError("Wagtail's Site can serve HTTPS on port 443 only.")
    if parts.scheme == "http" and port == 443:
        raise CommandError("Port 443 is HTTPS in Wagtail's Site; use https://.")
    return parts.hostname.encode("idna").decode("ascii"), port


class Command(BaseCommand):
    help = "Set the default Wagtail Site's public address (hostname and port)."

    def add_arguments(self, parser):
        parser.add_argument(
            "address", nargs="?", help="e.g. https://mr.example.se/ (default: SITE_ADDRESS)"
        )

    def handle(self, *args, address=None, **options):
        address = address or settings.SITE_ADDRESS
        try:
            hostname, port = parse_address(address)
        except UnicodeError:
            raise CommandError(f"Not a host name: {address!r}.") from None
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default Site yet: run migrate (and load_demo) first.")
        if (site.hostname, site.port) != (hostname, port):
            site.hostname, site.port = hostname, port
            site.save()  # post_save clears the cached root (mrblogg.apps)
        self.stdout.write(f"The site's public address is {site.root_url}/")
