"""Demo playbook: the usual templates, and India's tasks under way towards its target."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TypedDict

from backoffice.accounts.operations import find_user_by_email
from backoffice.core.db import db
from backoffice.countries.models import Country
from backoffice.planning.forecast import targets_of
from backoffice.planning.operations import set_stage_target
from backoffice.playbook import operations
from backoffice.playbook.operations import TemplateInput

DEFAULT_TEMPLATES = [
    TemplateInput("local_team_lead", "Local team lead hired", "live", True, -60, 10),
    TemplateInput("community_partners", "Community partners signed", "live", True, -30, 20),
    TemplateInput("press_kit", "Press kit ready", "live", False, -14, 30),
    TemplateInput("legal_pages", "Terms of service and support pages translated", "live",
                  True, -14, 40),
    TemplateInput("app_store", "App-store listing translated", "live", True, -7, 50),
    TemplateInput("local_support", "Support in the country's languages", "live", True, -7, 60),
    TemplateInput("marketing_plan", "Marketing plan approved", "live", False, -21, 70),
    TemplateInput("payment_practices", "Local payment practices reviewed with finance",
                  "payments_live", True, -30, 80),
]
DEMO_OWNER = "launch@demo.example"


class _TaskChanges(TypedDict, total=False):
    owner: str | None
    status: str
    notes: str


def load_templates() -> int:
    known = {t.key for t in operations.templates()}
    missing = [t for t in DEFAULT_TEMPLATES if t.key not in known]
    for template in missing:
        operations.save_template(None, template, reason="demo data")
    return len(missing)


def load_playbook(today: date | None = None) -> int:
    changed = load_templates()
    india = db.session.get(Country, "IN")
    if india is None or operations.tasks_of("IN"):
        return changed
    today = today or date.today()
    if "live" not in targets_of(["IN"]).get("IN", {}):
        set_stage_target(india, "live", today + timedelta(days=25), reason="demo data")
    owner = find_user_by_email(DEMO_OWNER)
    tasks = operations.instantiate(india, reason="demo data")
    progress = {"local_team_lead": "done", "community_partners": "in_progress"}
    for task in tasks:
        template = next(t for t in DEFAULT_TEMPLATES if t.title == task.title)
        changes: _TaskChanges = {"owner": owner.email if owner else None}
        if template.key in progress:
            changes["status"] = progress[template.key]
        if template.key == "community_partners":
            changes["notes"] = "Two of the three partners have signed; the last one in Pune."
        operations.update_task(task, reason="demo data", **changes)
    return changed + len(tasks)
