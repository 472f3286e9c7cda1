"""Results worked out once per Dataset: a Dataset is read-only, so what is derived from it alone holds for as
long as it lives. Shared by every caller in the process (the app's sessions share their datasets)."""

from __future__ import annotations

import functools
import threading
import weakref
from collections.abc import Callable
from typing import TypeVar

from footprint.model import Dataset

T = TypeVar("T")

KEPT = 8  # datasets per function at once: an app holds the curated data and a few merged versions


def per_dataset(derive: Callable[[Dataset], T]) -> Callable[[Dataset], T]:
    """``derive`` remembered per Dataset (by identity, forgotten with it; at most ``KEPT``, oldest out first).
    Callers must treat the result as read-only, as they do the Dataset."""
    held: dict[int, tuple[weakref.ref, T]] = {}
    lock = threading.Lock()

    @functools.wraps(derive)
    def remembered(dataset: Dataset) -> T:
        number = id(dataset)
        found = held.get(number)
        if found is not None and found[0]() is dataset:
            return found[1]
        value = derive(dataset)
        with lock:
            for oldest in list(held)[:max(0, len(held) - KEPT + 1)]:
                held.pop(oldest, None)
            # The callback runs as the dataset goes, before its number can name another object.
            held[number] = (weakref.ref(dataset, lambda _: held.pop(number, None)), value)
        return value

    return remembered
