"""Every distribution installed in the project's environment is pinned, exactly.

A package that comes in unpinned through another (Wagtail brought django-ninja and pydantic)
can change under the project at any install; this fails until it is pinned in
requirements.txt (runtime) or requirements-test.txt (test tools)."""

import re
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = [ROOT / "requirements.txt", ROOT / "requirements-test.txt"]
# The virtualenv's own installers, not dependencies of the project.
TOOLING = {"pip", "setuptools", "wheel"}
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]+\])?==(?P<version>[^\s;#]+)$")


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(paths):
    """{name: version} from requirements files; raises on a line that is not an exact pin."""
    pins = {}
    for path in paths:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            line = line.split("#", 1)[0].strip()
            if not line or line.startswith("-r "):
                continue
            match = PIN.match(line)
            if match is None:
                raise ValueError(f"{path.name}:{number}: not an exact pin: {line!r}")
            pins[normalise(match["name"])] = match["version"]
    return pins


def unpinned(installed, pins):
    """The installed (name, version) pairs that no pin names with exactly that version."""
    return sorted(
        (name, version) for name, version in installed
        if normalise(name) not in TOOLING and pins.get(normalise(name)) != version
    )


def test_every_installed_distribution_is_pinned_exactly():
    installed = {(dist.metadata["Name"], dist.version) for dist in metadata.distributions()}
    assert unpinned(installed, read_pins(REQUIREMENTS)) == []


def test_an_unpinned_or_loosely_pinned_package_is_found(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("Django==5.2.19\npydantic_core==2.50.5  # why\n-r other.txt\n")
    pins = read_pins([requirements])
    assert pins == {"django": "5.2.19", "pydantic-core": "2.50.5"}
    installed = {("Django", "5.2.19"), ("pydantic-core", "2.50.5"), ("django-ninja", "1.7.1"),
                 ("pip", "25.0")}
    assert unpinned(installed, pins) == [("django-ninja", "1.7.1")]
    assert unpinned({("Django", "5.2.20")}, pins) == [("Django", "5.2.20")]
    requirements.write_text("wagtail>=8.0\n")
    try:
        read_pins([requirements])
    except ValueError as error:
        assert "not an exact pin" in str(error)
    else:
        raise AssertionError("a range was taken for a pin")
