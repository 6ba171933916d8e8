"""Errors that services raise. Their messages are Korean and name what was wrong."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every refusal a service makes; ``str(err)`` is shown to people."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(DomainError):
    """The input breaks a rule (a negative amount, a year outside the term, …)."""


class Forbidden(DomainError):
    """The actor may not do this. Outside staff pages this looks like NotFound."""


class NotFound(DomainError):
    """No such object within the actor's municipality."""
