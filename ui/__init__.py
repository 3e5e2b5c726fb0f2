"""Streamlit investigator workspace."""
