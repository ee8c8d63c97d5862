"""One error hierarchy; each error knows its HTTP status and CLI exit code."""

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One reason input (a bundle, a form) is refused; row and column are None at file
    level."""

    file: str
    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" row {self.row}"
        if self.column is not None:
            where += f", column {self.column}"
        return f"{where}: {self.reason}"


class GraphProfileError(Exception):
    """Base of every error the library raises on purpose."""

    status = 500
    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(GraphProfileError):
    """An id that is not in the store."""

    status = 404
    exit_code = 1


class InvalidInput(GraphProfileError):
    """Input that fails validation; ``problems`` lists every reason found (Problems)."""

    status = 400
    exit_code = 1

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = list(problems or [])


class StoreUnavailable(GraphProfileError):
    """Neo4j cannot be reached, started, or is missing its runtime (Java, jars)."""

    status = 503
    exit_code = 2


class ClusterUnavailable(GraphProfileError):
    """The Dask scheduler of a portfolio job cannot be reached, or its workers could not
    reach the store."""

    status = 503
    exit_code = 2


class Conflict(GraphProfileError):
    """A record changed since the caller read it (optimistic concurrency)."""

    status = 409
    exit_code = 1
