"""Narrow screens: on a phone the sidebar covers the whole page, so after choosing a page in it
the investigator had to close it by hand to see what they chose. When the page changes on a
screen 768 px or narrower, a script (in a zero-height same-origin frame; it carries no user or
record data) presses the sidebar's own collapse button.
"""

from __future__ import annotations

import streamlit as st

NARROW_PX = 768
SCRIPT = f"""<script>
const doc = window.parent.document;
if (window.parent.innerWidth <= {NARROW_PX}) {{
  const button = doc.querySelector('[data-testid="stSidebarCollapseButton"] button');
  if (button) button.click();
}}
</script>"""


def close_sidebar_after_navigation(page: str) -> None:
    """Collapse the sidebar on a narrow screen when `page` differs from the last run's page."""
    last = st.session_state.get("shown-page")
    st.session_state["shown-page"] = page
    if last is not None and last != page:
        with st.container(height=1, border=False, key="narrow-script"):
            st.iframe(SCRIPT + f"<!-- {page} -->", height=1)
