"""schemathesis over the app's OpenAPI description: every operation, with generated valid and invalid inputs,
against a store of demo articles (SQLite), with an admin token so that the write endpoints run their
pipeline and curation too. No response may be a server error; responses must match the documented schemas."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import DEMO
from warta import pipeline
from warta.app import create_app
from warta.model import Raw
from warta.settings import Settings
from warta.store import open_store

# The schema is loaded when the module is collected (one parametrized test per operation), so the app is made
# then, over a store file that the module's fixture fills with demo articles before the first call.
# (`schemathesis.pytest.from_fixture` would defer this, but it breaks on pytest 9: it sets a private attribute.)
_FOLDER = Path(tempfile.mkdtemp(prefix="warta-schema-"))
atexit.register(shutil.rmtree, _FOLDER, True)  # also when the module's tests are deselected
APP = create_app(str(_FOLDER / "w.db"), Settings(allowed_hosts=("testserver",)))  # the Host schemathesis sends
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module")
def token(pipe: pipeline.Pipeline) -> str:
    """Six demo articles in the app's store, and an admin token for it."""
    pages = sorted((DEMO / "articles").glob("*.html"))[:6]
    with open_store(str(_FOLDER / "w.db")) as store:
        store.save_many([pipe.run(Raw(p.read_bytes(), "html", str(p))) for p in pages])
        _, plain = store.create_token("schemathesis", "admin")
    return plain


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_operation(case: schemathesis.Case[Any], token: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance],
    )


def test_schema_covers_every_api_route() -> None:
    spec = APP.openapi()
    assert len(spec["paths"]) >= 15 and all(path.startswith("/api/v1/") for path in spec["paths"])
    assert Path(__file__).name == "test_api_schema.py"
