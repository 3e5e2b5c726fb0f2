"""GET /v1/people/{person_id}/network: who a member of staff is co-accused and co-searching with.

A separate router registered before the people router, whose `{person_id:path}` would otherwise
take `/network` as part of the id. Like a profile, it is a consultation: it needs X-Case-Ref, is
audited with every record it shows, and counts only records the caller is cleared for.
"""

from __future__ import annotations

from fastapi import APIRouter

from assistant.api.deps import CaseRef, CurrentUser, Service
from assistant.leads.network import Network, network_of

router = APIRouter(tags=["people"])


@router.get("/people/{person_id:path}/network", response_model=Network)
def person_network(
    person_id: str,
    user: CurrentUser,
    service: Service,
    x_case_ref: CaseRef = None,
) -> Network:
    """Staff named with this person in complaints (co-accused: how often, which complaints) and
    staff who searched the same members of the public (co-searching). Cleared records only;
    audited."""
    return network_of(service, user, x_case_ref, person_id)
