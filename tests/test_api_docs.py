"""The API docs work offline: `/v1/docs` names no external host, and every script, stylesheet and
icon it loads is served by the API itself (from the fastapi-offline wheel)."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.settings import Settings

ASSET = re.compile(r"""(?:src|href)=["']([^"']+)["']""")
EXTERNAL = re.compile(r"""(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}""")


def test_docs_reference_no_external_host(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(data_dir=tmp_path))) as client:
        page = client.get("/v1/docs")
        assert page.status_code == 200
        assert EXTERNAL.findall(page.text) == []
        assert "'/v1/openapi.json'" in page.text
        assets = ASSET.findall(page.text)
        assert {a.rsplit("/", 1)[-1] for a in assets} >= {"swagger-ui-bundle.js", "swagger-ui.css"}
        for asset in assets:
            assert asset.startswith("/v1/docs/static/"), asset
            served = client.get(asset)
            assert served.status_code == 200 and len(served.content) > 1000, asset
        assert '"validatorUrl": null' in page.text  # else the UI fetches validator.swagger.io
        redirect = client.get("/v1/docs/oauth2-redirect")
        assert redirect.status_code == 200 and EXTERNAL.findall(redirect.text) == []


def test_the_host_check_would_see_a_cdn() -> None:
    cdn = '<script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js">'
    assert EXTERNAL.findall(cdn) == ["https://cdn.jsdelivr.net"]
    assert EXTERNAL.findall('<link href="//unpkg.com/x.css">') == ["//unpkg.com"]
