"""A value read from the project's own files once per process, unless a trained model hands over the copy it
carries (rasa_addons/guard_knowledge.py). One way for the knowledge, the safeguarding patterns, the service kinds
and the places."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Carried(Generic[T]):
    def __init__(self, read: Callable[[], T]) -> None:
        self._read = read
        self._project: T | None = None
        self.in_use: T | None = None  # the model's copy, once use() has been given one

    def get(self) -> T:
        """The model's copy if there is one, else the project's files (read at first use)."""
        return self.in_use if self.in_use is not None else self.from_project()

    def from_project(self) -> T:
        if self._project is None:
            self._project = self._read()
        return self._project

    def use(self, value: T | None) -> None:
        """Read with this from now on; None: back to the project's files."""
        self.in_use = value
