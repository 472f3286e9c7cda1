"""ZIP containers from users (a .pptx template is one), checked before anything opens them.

A small archive can inflate to gigabytes (a "zip bomb"), so ``check_zip`` reads only the central
directory and refuses an archive whose members, added up, are larger than a bound. Python's
``zipfile``, which python-pptx uses, never inflates a member past the size its header declares, so
the declared sizes are a real bound.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

MAX_COMPRESSED_BYTES = 30_000_000
MAX_UNCOMPRESSED_BYTES = 100_000_000
MAX_MEMBERS = 5_000


class ArchiveError(ValueError):
    """An archive that is not one, or is too large once inflated; the message is meant for the user."""


def _mb(count: int) -> str:
    return f"{count / 1_000_000:.0f} MB"


def check_zip(path: Path | str, *, label: str = "the file", kind: str = "ZIP",
              max_compressed: int = MAX_COMPRESSED_BYTES, max_uncompressed: int = MAX_UNCOMPRESSED_BYTES,
              max_members: int = MAX_MEMBERS) -> None:
    """Raise ArchiveError unless ``path`` is a ZIP archive within the size and member bounds."""
    path = Path(path)
    size = path.stat().st_size
    if size > max_compressed:
        raise ArchiveError(f"{label} is {_mb(size)}; the limit is {_mb(max_compressed)}")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ArchiveError(f"{label} is not a {kind} file") from None
    if len(members) > max_members:
        raise ArchiveError(f"{label} holds {len(members)} parts; the limit is {max_members}")
    inflated = sum(member.file_size for member in members)
    if inflated > max_uncompressed:
        raise ArchiveError(f"{label} inflates to {_mb(inflated)}; the limit is {_mb(max_uncompressed)}")
