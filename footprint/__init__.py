"""Footprint: foreign military presence, who was where and when, on whose word."""

from footprint.dataset import DatasetError, Problem, load_dataset
from footprint.model import Dataset
from footprint.query import QueryError, changes, events_between, presence_at, presence_between, site_history

__all__ = [
    "Dataset", "DatasetError", "Problem", "QueryError", "changes", "events_between", "load_dataset",
    "presence_at", "presence_between", "site_history",
]
