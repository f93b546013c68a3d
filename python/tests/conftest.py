"""Shared fixtures: the repository's bundled examples and the readout binary to compare with."""

import os
import pathlib
import shutil

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"


def readout_binary():
    """The CLI to compare records with: $READOUT_BIN, else a built target/, else PATH."""
    candidates = [os.environ.get("READOUT_BIN")]
    candidates += [str(REPO / "target" / p / "readout") for p in ("release", "debug")]
    candidates.append(shutil.which("readout"))
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    return None


@pytest.fixture(scope="session")
def cli():
    path = readout_binary()
    if path is None:
        if os.environ.get("READOUT_REQUIRE_CLI"):
            pytest.fail("READOUT_REQUIRE_CLI is set but no readout binary was found (set READOUT_BIN)")
        pytest.skip("no readout binary built (cargo build --release), and READOUT_BIN unset")
    return path


def own_articles(n):
    """Short articles written for these tests, each different (names, numbers, dates)."""
    places = ["Tromsø", "Valletta", "Nairobi", "Lima", "Hanoi", "Tbilisi", "Accra"]
    out = []
    for i in range(n):
        place = places[i % len(places)]
        out.append(
            f"Talks resume in {place}\n\n"
            f"The mayor of {place}, Ana Berg{i}, met union leaders on Monday. "
            f"Police said {i + 2} people were injured in a protest outside the port on Sunday. "
            f'"We will reopen the docks within {i % 5 + 2} days," Berg{i} told reporters.'
        )
    return out
