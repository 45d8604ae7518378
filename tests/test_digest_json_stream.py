"""`digest --format json` is written as it is made, a batch of rows at a
time (digest_json.digest_document, jsonrows.RowBatches): the text is the one
json.dumps gives of the whole document, on any vault and at any batch size."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_digest_live import EDITS, NAMES, TODAY, Vault

from conftest import EXAMPLE_DATE, examples
from netnotes import jsonrows
from netnotes.digest import Scope, build_digest, digest_json
from netnotes.digest_json import digest_document
from netnotes.jsontext import write_json
from netnotes.session import Session


def streamed_and_whole(session: Session, batch: int) -> tuple[str, str]:
    index, _ = session.index()
    digest = build_digest(index, session.config, TODAY, Scope(), 14)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jsonrows, "BATCH", batch)
        parts: list[str] = []
        write_json(digest_document(digest), parts.append)
        streamed = "".join(parts)
    return streamed, json.dumps(digest_json(digest), ensure_ascii=False, indent=2)


@settings(max_examples=examples(6))
@given(
    st.lists(EDITS, min_size=1, max_size=14),
    st.sets(st.sampled_from(NAMES)),
    st.integers(1, 3),
)
def test_the_digest_written_in_batches_is_json_dumps_of_the_whole(edits, with_personal, batch):
    root = Path(tempfile.mkdtemp(prefix="stream"))
    try:
        vault = Vault(root)
        for edit in edits:
            vault.apply(edit)
        for name in with_personal:
            person = vault.people[name]
            text = person.text().replace("## Log", "## Personal\n- Plays the cello\n\n## Log")
            vault.write(person.path, text)
        with Session(root, root.parent / f"{root.name}.sqlite3") as session:
            streamed, whole = streamed_and_whole(session, batch)
        assert streamed == whole
    finally:
        shutil.rmtree(root)
        (root.parent / f"{root.name}.sqlite3").unlink(missing_ok=True)


@pytest.mark.parametrize("vault", ["example_vault", "edge_vault"])
def test_the_cli_prints_the_same_json_whatever_the_batch(request, run, monkeypatch, vault):
    """Lists cut into batches of two print what one batch of everything does."""
    root = request.getfixturevalue(vault)
    args = ("digest", "--format", "json", "--date", EXAMPLE_DATE)
    monkeypatch.setattr(jsonrows, "BATCH", 10**9)
    whole = run(root, *args).stdout
    monkeypatch.setattr(jsonrows, "BATCH", 2)
    assert run(root, *args).stdout == whole
    assert whole.count("\n") > 100  # lists long enough to be cut
