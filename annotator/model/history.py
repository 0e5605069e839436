"""Undo and redo over immutable annotation sets.

Because every edit yields a new ``AnnotationSet`` and leaves the old one intact, an undo step is
just the previous value plus a description for the status line; there is no inverse operation
to get wrong. Unchanged structure is shared between the values, so history is cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Step(Generic[T]):
    description: str
    before: T
    after: T


@dataclass
class History(Generic[T]):
    """The current value with its undo and redo stacks. ``limit`` bounds memory in long sessions."""

    current: T
    limit: int = 1000
    _undo: list[Step[T]] = field(default_factory=list)
    _redo: list[Step[T]] = field(default_factory=list)
    #: Bumped on every change of ``current``; a saver compares it with the saved generation.
    generation: int = 0

    def apply(self, description: str, edit: Callable[[T], T]) -> T:
        """Run ``edit`` on the current value; record it unless it returned the value itself.

        Edits return the same object when they change nothing (comparing two large sets for
        equality would cost more than a keystroke may). If ``edit`` raises, nothing is
        recorded and the current value stays.
        """
        before = self.current
        after = edit(before)
        if after is before:
            return before
        self._undo.append(Step(description, before, after))
        del self._undo[: -self.limit]
        self._redo.clear()
        self._set(after)
        return after

    def replace_current(self, value: T) -> None:
        """Change the value without an undo step (e.g. stamping the save time)."""
        self.current = value

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> Step[T] | None:
        if not self._undo:
            return None
        step = self._undo.pop()
        self._redo.append(step)
        self._set(step.before)
        return step

    def redo(self) -> Step[T] | None:
        if not self._redo:
            return None
        step = self._redo.pop()
        self._undo.append(step)
        self._set(step.after)
        return step

    def _set(self, value: T) -> None:
        self.current = value
        self.generation += 1
