"""Probity's HTTP API (FastAPI, `/v1`): thin routes over the consultation service layer."""
