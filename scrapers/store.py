"""The content folder as a store of posts, safe against crashes and editors.

* Known items are never written again: an item is known when the state has
  its id or when a post in the folder carries its ``Item-Id`` (a run killed
  between the post and the state is caught up on the next run, no duplicate).
* A post deleted by hand stays deleted (its id stays in the state), even when
  the run that wrote it was killed before it could say so: the state records
  the item, with its temp file's name, *before* the temp file is renamed into
  place. On the next run a post whose temp file is still there is renamed into
  place (the kill came first); one whose temp file and post are both gone was
  deleted by hand and stays deleted.
* Posts are written atomically; stale temp files of a killed run are removed.
* One run at a time: a lock file beside the state.
"""

from __future__ import annotations

import fcntl
import logging
import os
from contextlib import contextmanager
from pathlib import Path

from scrapers.errors import PostError
from scrapers.models import Item
from scrapers.posts import (commit_temp, post_path, render_post, sha256, split_post, unique_slug,
                            write_temp)
from scrapers.state import State

log = logging.getLogger(__name__)


def scan(content: Path) -> tuple[dict[str, Path], set[str]]:
    """Every post's Item-Id -> path, and every slug in use."""
    ids: dict[str, Path] = {}
    slugs: set[str] = set()
    if not content.exists():
        return ids, slugs
    for path in sorted(content.rglob("*.md")):
        if path.name.startswith("."):
            continue
        try:
            with path.open(encoding="utf-8", errors="replace") as f:
                head = f.read(16384)
        except OSError as exc:
            log.warning("%s: cannot read: %s", path, exc)
            continue
        meta, _ = split_post(head)
        fields = {k.lower(): v for k, v in meta}
        slugs.add(fields.get("slug") or path.stem)
        if fields.get("item-id"):
            ids.setdefault(fields["item-id"], path)
    return ids, slugs


def _unlink_all(paths) -> int:
    removed = 0
    for tmp in paths:
        try:
            tmp.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def remove_stale_temp_files(content: Path) -> int:
    """Temp files a killed run left anywhere in the content folder."""
    return _unlink_all(content.rglob(".*.tmp"))


def remove_stale_siblings(path: Path) -> int:
    """Temp files ``.<name>.XXXX.tmp`` that atomic_write left beside ``path`` when killed."""
    return _unlink_all(path.parent.glob(f".{path.name}.*.tmp"))


@contextmanager
def run_lock(state_path: Path):
    lock_path = state_path.with_name(state_path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_CREAT | os.O_RDWR, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PostError(str(lock_path), "another scraper run holds the lock") from None
        remove_stale_siblings(state_path)  # ours to remove: we hold the lock
        yield
    finally:
        os.close(fd)


class PostStore:
    def __init__(self, content: Path, state: State):
        self.content = content = content.resolve()
        self.state = state
        if content.exists():
            self._finish_pending()
            remove_stale_temp_files(content)
        self.on_disk, self.slugs = scan(content)
        # Adopt posts written by a run that died before saving the state.
        for item_id, path in self.on_disk.items():
            if item_id not in state.items:
                rel = path.relative_to(content).as_posix()
                state.record(item_id, rel, sha256(path.read_bytes()))

    def _finish_pending(self) -> None:
        """Settle the posts a killed run recorded but may not have renamed into place."""
        for item_id, entry in list(self.state.items.items()):
            tmp_name = entry.pop("pending", None)
            if not tmp_name:
                continue
            path = self.content / entry["path"]
            tmp = path.parent / tmp_name
            # The temp file was whole (fsynced) before the state named it: still there, the
            # kill came before the rename; gone with no post, the editor deleted the post.
            if not path.exists() and tmp.is_file():
                commit_temp(tmp, path)
                log.info("%s: finished writing %s after an interrupted run", item_id, path)

    def known(self, item_id: str) -> bool:
        return item_id in self.state.items or item_id in self.on_disk

    def write(self, item: Item) -> Path:
        if self.known(item.id):
            raise PostError(item.id, "item is already known; refusing to write it twice")
        slug = unique_slug(item, self.slugs)
        path = post_path(self.content, item, slug)
        text = render_post(item, slug)
        # Write-ahead: the whole post in a temp file, then the state names the item
        # and that temp file, then the rename. A kill at any point leaves either no
        # trace, or a state entry whose temp file or post tells what happened.
        tmp = write_temp(path, text)
        rel = path.relative_to(self.content).as_posix()
        self.state.record(item.id, rel, sha256(text), pending=tmp.name)
        try:
            self.state.save()
        except BaseException:
            del self.state.items[item.id]
            tmp.unlink(missing_ok=True)
            raise
        commit_temp(tmp, path)
        self.state.items[item.id].pop("pending", None)  # saved with the next write
        self.slugs.add(slug)
        self.on_disk[item.id] = path
        return path

    def edited_by_hand(self, item_id: str) -> bool:
        entry = self.state.items.get(item_id)
        if not entry:
            return False
        path = self.content / entry["path"]
        return path.exists() and sha256(path.read_bytes()) != entry.get("sha256")
