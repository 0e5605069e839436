"""One exception family for everything a user can get wrong.

Every error that reaches a user names the file and, where there is one, the place in it
(line and column, or a span id), so that the one-line message is enough to find and fix it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Place:
    """Where a problem is: a file and, when known, a 1-based line and column and a detail."""

    file: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one input, as a single line for the user."""

    place: Place
    message: str

    def __str__(self) -> str:
        if self.place.file is None and self.place.line is None:
            return self.message  # about the command line, not about a file
        return f"{self.place}: {self.message}"


class AnnotatorError(Exception):
    """Base of every error the tool reports to a user instead of a traceback."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        self.place = Place(str(file) if file is not None else None, line, column)
        self.message = message
        self.problems = problems or [Problem(self.place, message)]
        super().__init__(str(self.problems[0]) if problems else str(Problem(self.place, message)))

    @classmethod
    def from_problems(cls, problems: list[Problem]) -> AnnotatorError:
        """One error carrying several problems; its message is the first, plus a count."""
        first = problems[0]
        err = cls(
            first.message,
            file=first.place.file,
            line=first.place.line,
            column=first.place.column,
            problems=problems,
        )
        if len(problems) > 1:
            err.args = (f"{first} (and {len(problems) - 1} more problems)",)
        return err


class FormatError(AnnotatorError):
    """A file could not be read as what it claims to be: YAML syntax, schema, encoding."""


class ValidationError(AnnotatorError):
    """A file is well formed but its content contradicts the text, the schema or itself."""


class TextChangedError(ValidationError):
    """A text file no longer matches the checksum its annotations were made against."""


class EditError(AnnotatorError):
    """An edit would make an annotation set invalid; the set is left as it was."""


class LockedError(AnnotatorError):
    """Another session holds the annotation file."""


class ProjectError(AnnotatorError):
    """The project folder or its annotator.yaml is unusable."""


class ImportExportError(AnnotatorError):
    """A file in another tool's format could not be imported or exported."""


class LayoutError(AnnotatorError):
    """The layout engine was given options it cannot honour."""


class DiskError(AnnotatorError, OSError):
    """A file could not be written or read because of the disk: full, read-only, permissions."""


#: What each errno means for the person at the keyboard, said once for every command.
_CAUSES = {
    "ENOSPC": "the disk is full",
    "EDQUOT": "the disk quota is used up",
    "EROFS": "the filesystem is read-only",
    "EPERM": "the operation is not permitted (an immutable file?)",
    "EACCES": "permission denied",
    "ENAMETOOLONG": "the file name is too long",
    "ENOENT": "no such file or folder",
    "EISDIR": "it is a folder",
    "ENOTDIR": "a part of the path is not a folder",
    "EEXIST": "it exists already",
    "EIO": "an input/output error (a failing disk?)",
    "EXDEV": "it is on another filesystem",
}


def os_error_message(err: OSError, file: str | Path | None = None) -> str:
    """One line for an OSError: the file it is about and the cause in words."""
    import errno as _errno

    name = _errno.errorcode.get(err.errno or 0, "")
    cause = _CAUSES.get(name) or (err.strerror or str(err))
    where = file if file is not None else (err.filename if err.filename is not None else None)
    return f"{where}: {cause}" if where is not None else cause


def disk_error(err: OSError, file: str | Path | None = None, doing: str = "write") -> DiskError:
    """The AnnotatorError for an OSError met while ``doing`` something with ``file``."""
    import errno as _errno

    name = _errno.errorcode.get(err.errno or 0, "")
    cause = _CAUSES.get(name) or (err.strerror or str(err))
    where = file if file is not None else err.filename
    return DiskError(f"cannot {doing}: {cause}", file=where)
