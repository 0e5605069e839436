"""``annotator sync``: commit your own files, pull with rebase, push; never anyone else's work.

Each annotator's files live in their own folder, so two people's commits never touch the same
file and a rebase never conflicts on annotations. What sync commits depends on the role:

- annotator NAME: ``annotations/NAME/``;
- adjudicator: ``gold/`` (the decision log of each document is inside its gold file);
- lead: the project's setup (``annotator.yaml``, ``assignments.yaml``, ``texts/``, labels and
  anything else outside ``annotations/`` and ``gold/``).

Changes to other people's files stay in the working tree, uncommitted, and are listed: a person
who touched someone else's file by mistake sees it and decides. Git runs as a subprocess with
explicit arguments (``git -C PROJECT ...``, never a shell string); status is read from
``--porcelain=v1 -z``; paths are staged and committed by name through a NUL-separated
pathspec file, so any file name is safe. Sync never force-pushes.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

from annotator.errors import AnnotatorError, Place, Problem
from annotator.store.atomic import TEMP_PREFIX
from annotator.store.project import ANNOTATIONS, GOLD, PRIVATE, TEXTS, check_id

Role = Literal["annotator", "adjudicator", "lead"]
ROLES: tuple[Role, ...] = ("annotator", "adjudicator", "lead")

#: Messages of git that mean the remote could not be reached (network, host, permissions).
_UNREACHABLE = (
    "could not resolve host",
    "unable to access",
    "could not read from remote repository",
    "connection refused",
    "connection timed out",
    "network is unreachable",
    "does not appear to be a git repository",
    "no such file or directory",
    "operation timed out",
)
#: How many document names a commit message lists before "and N more".
MESSAGE_DOCUMENTS = 10


class SyncError(AnnotatorError):
    """A sync that could not be completed; the message says what is safe and what to do."""


@dataclass
class SyncReport:
    committed: list[str] = field(default_factory=list)  # paths, relative to the project
    message: str = ""
    left_out: list[str] = field(
        default_factory=list
    )  # others' files changed here (project-relative)
    pulled: int = 0  # commits brought in
    pushed: bool = False
    remote: str | None = None
    offline: str | None = None  # why the remote was not reached (work committed locally)
    #: Others' files whose uncommitted changes here clashed with the team's (kept in the stash).
    clashed: list[str] = field(default_factory=list)
    identity_note: str | None = None

    def lines(self) -> list[str]:
        out = []
        if self.committed:
            out.append(f"committed {len(self.committed)} file(s): {self.message}")
        else:
            out.append("nothing of yours to commit")
        if self.identity_note:
            out.append(self.identity_note)
        if self.offline is not None:
            out.append(f"not synced with the remote: {self.offline}; your commit is kept locally")
        elif self.remote is None:
            out.append(
                "no remote: committed locally only (add one with 'git remote add origin URL')"
            )
        else:
            out.append(f"pulled {self.pulled} commit(s) from {self.remote}")
            out.append(f"pushed to {self.remote}" if self.pushed else "nothing to push")
        if self.left_out:
            out.append(
                f"left uncommitted, not yours ({len(self.left_out)}): " + ", ".join(self.left_out)
            )
        if self.clashed:
            out.append(
                f"your uncommitted changes to {', '.join(self.clashed)} clash with the team's: "
                "the team's version is in place and yours are kept in git's stash "
                "('git stash show -p' shows them)"
            )
        return out


# -- running git -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Git:
    """``git -C root`` with a fixed, predictable environment."""

    root: Path
    executable: str = "git"

    def run(
        self, *args: str, input: str | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "LC_ALL": "C",
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_EDITOR": "true",
            "GIT_LITERAL_PATHSPECS": "1",  # a path is a path, never a glob
        }
        env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
        try:
            done = subprocess.run(
                [self.executable, "-C", str(self.root), *args],
                input=input,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="surrogateescape",
                env=env,
                check=False,
            )
        except FileNotFoundError:
            raise SyncError(
                "git is not installed or not on PATH; install git to sync (nothing was changed)",
                file=self.root,
            ) from None
        if check and done.returncode != 0:
            raise SyncError(
                f"git {args[0]} failed: {first_line(done.stderr or done.stdout)}", file=self.root
            )
        return done


def first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("hint:"):
            return line.removeprefix("fatal: ").removeprefix("error: ")
    return "no message"


def parse_porcelain_z(output: str) -> list[tuple[str, str]]:
    """``(XY, path)`` for each entry of ``git status --porcelain=v1 -z``; a rename gives its
    new path and its old path as two entries, so both sides are judged."""
    entries: list[tuple[str, str]] = []
    parts = output.split("\0")
    i = 0
    while i < len(parts):
        item = parts[i]
        i += 1
        if len(item) < 4:
            continue
        code, path = item[:2], item[3:]
        entries.append((code, path))
        if code[0] in "RC":  # the next field is the original path
            if i < len(parts) and parts[i]:
                entries.append((code, parts[i]))
            i += 1
    return entries


# -- whose file is it --------------------------------------------------------------------------


def owner_test(role: Role, name: str) -> Callable[[str], bool]:
    """Whether a project-relative POSIX path belongs to this person in this role."""
    if role == "annotator":
        check_id(name, "annotator name")
        folder = f"{ANNOTATIONS}/{name}/"
        return lambda path: path.startswith(folder)
    if role == "adjudicator":
        return lambda path: path.startswith(f"{GOLD}/")
    return lambda path: not path.startswith((f"{ANNOTATIONS}/", f"{GOLD}/"))


def _ignored(path: str) -> bool:
    name = PurePosixPath(path).name
    return path.startswith(f"{PRIVATE}/") or name.startswith(TEMP_PREFIX)


def commit_message(role: Role, name: str, paths: Sequence[str]) -> str:
    docs = sorted({PurePosixPath(p).stem for p in paths})
    shown = ", ".join(docs[:MESSAGE_DOCUMENTS])
    if len(docs) > MESSAGE_DOCUMENTS:
        shown += f" and {len(docs) - MESSAGE_DOCUMENTS} more"
    what = {"annotator": f"annotations by {name}", "adjudicator": f"gold by {name}"}.get(
        role, f"project setup by {name}"
    )
    return f"{what}: {shown}"


# -- the sync ----------------------------------------------------------------------------------


def sync(
    root: Path,
    name: str,
    role: Role = "annotator",
    *,
    git: str = "git",
    check_sets: bool = True,
) -> SyncReport:
    """Commit this person's files, pull with rebase (others' changes stashed), push.

    ``check_sets``: refuse, before committing anything, when one of this person's changed
    annotation or gold files would not pass ``validate`` (``root`` must then be a project)."""
    project_git = Git(root, git)
    top = project_git.run("rev-parse", "--show-toplevel", check=False)
    if top.returncode != 0:
        raise SyncError(
            f"not in a git repository (start one with 'git -C {root} init', "
            "or clone the team's repository)",
            file=root,
        )
    repo = Git(Path(top.stdout.strip()), git)
    prefix = _project_prefix(project_git)
    owned = owner_test(role, name)
    report = SyncReport()

    status = repo.run(
        "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", prefix or "."
    )
    mine: list[str] = []
    for _code, path in parse_porcelain_z(status.stdout):
        inner = path[len(prefix) :] if prefix and path.startswith(prefix) else path
        if prefix and not path.startswith(prefix):
            continue
        if _ignored(inner):
            continue
        if owned(inner):
            mine.append(path)
        else:
            report.left_out.append(inner)  # relative to the project, like everything printed
    mine = sorted(dict.fromkeys(mine))
    report.left_out = sorted(dict.fromkeys(report.left_out))

    if mine:
        if check_sets:
            _refuse_invalid_sets(root, [p[len(prefix) :] for p in mine], role, name)
        pathspec = "\0".join(mine) + "\0"
        repo.run("add", "-A", "--pathspec-from-file=-", "--pathspec-file-nul", input=pathspec)
        report.message = commit_message(role, name, [p[len(prefix) :] for p in mine])
        identity = _identity(repo, name)
        if identity:
            report.identity_note = (
                f"git has no user.name/user.email here: committed as {name} "
                f"<{name}@annotator.invalid> (set them with 'git config')"
            )
        repo.run(
            *identity,
            "commit",
            "--quiet",
            "--no-verify",
            "--only",
            "-m",
            report.message,
            "--pathspec-from-file=-",
            "--pathspec-file-nul",
            input=pathspec,
        )
        report.committed = [p[len(prefix) :] for p in mine]

    remote, branch = _upstream(repo)
    if remote is None:
        return report
    report.remote = remote
    _pull_and_push(repo, remote, branch, report, _identity(repo, name))
    if report.clashed:  # set back to the team's version: no longer changed here
        report.clashed = [
            path[len(prefix) :] if path.startswith(prefix) else path
            for path in dict.fromkeys(report.clashed)
        ]
        report.left_out = [path for path in report.left_out if path not in report.clashed]
    return report


def _refuse_invalid_sets(root: Path, paths: Sequence[str], role: Role, name: str) -> None:
    """Raise, before anything is committed, if committing ``paths`` (project-relative, this
    person's changed files) would put a set ``validate`` rejects in the team's repository:

    - an annotator's or adjudicator's own set that does not pass: the app never writes one, so
      it is a hand edit gone wrong or a merge's conflict markers;
    - for the lead, a text changed under the sets that annotate it: their offsets point into
      the old text, and every teammate's app would refuse to open them.

    Pushed, either would break every teammate's ``agree``, ``adjudicate`` and exports."""
    from annotator.store.project import Project
    from annotator.store.validation import ValidationReport, validate_annotation_file

    checks = _sets_to_check(root, paths, role, name)
    if not checks:
        return
    project = Project.open(root)
    report = ValidationReport()
    for path, expected in checks:
        validate_annotation_file(path, project, report, expected_annotator=expected)
    if report.problems:
        count = len({p.place.file for p in report.problems})
        what = "sets" if count != 1 else "set"
        raise SyncError(
            "",
            problems=[
                *report.problems,
                Problem(
                    Place(),
                    f"sync stopped: {count} {what} would not pass 'annotator validate' (above)"
                    + (
                        " with the texts you changed: restore them (git restore) or add the "
                        "corrected article as a new document"
                        if role == "lead"
                        else ""
                    )
                    + "; nothing was committed, pulled or pushed",
                ),
            ],
        )


def _sets_to_check(
    root: Path, paths: Sequence[str], role: Role, name: str
) -> list[tuple[Path, str | None]]:
    """(set file, the annotator its folder names, None for gold) that committing ``paths``
    puts at stake."""
    if role == "lead":
        changed = [
            path[len(TEXTS) + 1 : -len(".txt")]
            for path in paths
            if path.startswith(f"{TEXTS}/") and path.endswith(".txt")
        ]
        folders: list[tuple[Path, str | None]] = [(root / GOLD, None)]
        with contextlib.suppress(OSError):
            folders += [
                (entry, entry.name)
                for entry in sorted((root / ANNOTATIONS).iterdir())
                if entry.is_dir()
            ]
        return [
            (folder / f"{doc}.yaml", who)
            for doc in changed
            for folder, who in folders
            if (folder / f"{doc}.yaml").is_file()
        ]
    folder = f"{ANNOTATIONS}/{name}/" if role == "annotator" else f"{GOLD}/"
    return [
        (root / path, name if role == "annotator" else None)
        for path in paths
        if path.startswith(folder)
        and path.endswith(".yaml")
        and "/" not in path[len(folder) :]
        and (root / path).is_file()
    ]


def _project_prefix(git: Git) -> str:
    prefix = git.run("rev-parse", "--show-prefix").stdout.strip()
    return prefix  # "" at the top of the repository, else "sub/dir/"


def _identity(repo: Git, name: str) -> tuple[str, ...]:
    """``-c`` options naming the annotator when git has no identity configured."""
    who = repo.run("config", "user.name", check=False).stdout.strip()
    mail = repo.run("config", "user.email", check=False).stdout.strip()
    if who and mail:
        return ()
    return (
        "-c",
        f"user.name={who or name}",
        "-c",
        f"user.email={mail or name + '@annotator.invalid'}",
    )


def _upstream(repo: Git) -> tuple[str | None, str]:
    """(remote, branch) to sync with: the branch's upstream, else the only or 'origin' remote."""
    branch = repo.run("symbolic-ref", "--quiet", "--short", "HEAD", check=False).stdout.strip()
    if not branch:
        raise SyncError(
            "not on a branch (detached HEAD): check out your branch, then sync", file=repo.root
        )
    remote = repo.run("config", f"branch.{branch}.remote", check=False).stdout.strip()
    merge = repo.run("config", f"branch.{branch}.merge", check=False).stdout.strip()
    if remote and merge:
        return remote, merge.removeprefix("refs/heads/")
    remotes = repo.run("remote").stdout.split()
    if not remotes:
        return None, branch
    return ("origin" if "origin" in remotes else remotes[0]), branch


def _unreachable(stderr: str) -> bool:
    low = stderr.lower()
    return any(mark in low for mark in _UNREACHABLE)


def _pull_and_push(
    repo: Git, remote: str, branch: str, report: SyncReport, identity: tuple[str, ...]
) -> None:
    for attempt in (1, 2):
        fetch = repo.run("fetch", "--quiet", remote, check=False)
        if fetch.returncode != 0:
            report.offline = f"cannot reach {remote!r} ({first_line(fetch.stderr)})"
            return
        has_branch = repo.run(
            "rev-parse", "--verify", "--quiet", f"refs/remotes/{remote}/{branch}", check=False
        )
        unborn = repo.run("rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode
        if has_branch.returncode == 0 and unborn:
            raise SyncError(
                f"this repository has no commit yet but {remote!r} has {branch!r}: clone the "
                "team's repository instead and copy your files into it",
                file=repo.root,
            )
        if unborn:
            return  # nothing committed here and nothing there: nothing to sync
        if has_branch.returncode == 0:
            new = repo.run("rev-list", "--count", f"HEAD..{remote}/{branch}").stdout.strip()
            report.pulled += int(new or 0)
            pull = repo.run(
                *identity,
                "rebase",
                "--autostash",
                "--quiet",
                f"{remote}/{branch}",
                check=False,
            )
            if pull.returncode != 0:
                _abort_rebase(repo)
                raise SyncError(
                    f"pulling from {remote!r} stopped on a conflict "
                    f"({first_line(pull.stderr or pull.stdout)}); the rebase was undone and your "
                    "commit is kept locally: resolve with git, then sync again",
                    file=repo.root,
                )
            report.clashed += _keep_the_teams_version(repo)
            ahead = repo.run("rev-list", "--count", f"{remote}/{branch}..HEAD").stdout.strip()
            if ahead == "0":
                return
        push = repo.run("push", "--quiet", remote, f"HEAD:refs/heads/{branch}", check=False)
        if push.returncode == 0:
            report.pushed = True
            if has_branch.returncode != 0:
                repo.run("branch", "--quiet", f"--set-upstream-to={remote}/{branch}", check=False)
            return
        if _unreachable(push.stderr):
            report.offline = f"cannot reach {remote!r} ({first_line(push.stderr)})"
            return
        rejected = "rejected" in push.stderr or "non-fast-forward" in push.stderr
        if not rejected or attempt == 2:
            raise SyncError(
                f"push to {remote!r} was rejected ({first_line(push.stderr)}); your commit is "
                "kept locally and nothing was forced: run sync again",
                file=repo.root,
            )
        # Someone pushed between our pull and our push: pull again and retry once.


def _keep_the_teams_version(repo: Git) -> list[str]:
    """After a pull, the files where putting back this person's uncommitted changes to others'
    files (the rebase's autostash) clashed with what the team changed: each is set back to the
    team's version, so no file is left with conflict markers (a config or a set with them
    breaks every command), and the changes stay in git's stash, where git keeps them when
    they do not apply. Returns the files, relative to the repository."""
    found = repo.run("diff", "--name-only", "-z", "--diff-filter=U", check=False)
    clashed = [path for path in found.stdout.split("\0") if path]
    for path in clashed:
        if repo.run("cat-file", "-e", f"HEAD:{path}", check=False).returncode == 0:
            repo.run("checkout", "HEAD", "--", path)
        else:  # the team deleted it
            repo.run("rm", "--quiet", "--force", "--", path)
    return clashed


def _abort_rebase(repo: Git) -> None:
    repo.run("rebase", "--abort", check=False)
