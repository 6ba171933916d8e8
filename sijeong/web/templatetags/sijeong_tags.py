from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

from sijeong.core.money import format_amount

register = template.Library()


@register.filter
def amount(won: int | None, unit: str = "원") -> str:
    """4200000000|amount:"백만원" → "4,200"; None → ""."""
    return format_amount(won, unit)


@register.filter
def percent(value: object) -> str:
    return "-" if value is None else f"{value}%"


@register.filter
def get(mapping: dict, key: object) -> object:
    return mapping.get(key) if mapping else None


#: (section, label, url name) of the municipality menu, in order
SECTIONS = [
    ("dashboard", "대시보드", "web:municipality"),
    ("pledges", "공약", "web:pledge_list"),
    ("programs", "예산사업", "web:program_list"),
    ("work_plans", "업무계획", "web:work_plan_list"),
    ("proposals", "정책제안", "web:proposal_list"),
    ("roundtables", "원탁회의", "web:roundtable_list"),
    ("committees", "위원회", "web:committee_list"),
    ("surveys", "여론조사", "web:survey_list"),
    ("indicators", "정책지표", "web:indicator_dashboard"),
    ("deliberation", "공론조사", "web:deliberation_list"),
]
#: url name prefix → section, for pages that do not name their section
_SECTION_OF = {
    "municipality": "dashboard",
    "pledge": "pledges",
    "program": "programs",
    "work_plan": "work_plans",
    "proposal": "proposals",
    "idea": "proposals",
    "roundtable": "roundtables",
    "committee": "committees",
    "survey": "surveys",
    "indicator": "indicators",
    "deliberation": "deliberation",
    "search": "search",
}


@register.simple_tag(takes_context=True)
def site_nav(context: template.Context, municipality: object) -> list[dict[str, object]]:
    """The municipality's menu with the current section marked (``nav`` in the context, else
    the section of the URL that served the page)."""
    current = context.get("nav")
    request = context.get("request")
    if current is None and request is not None and request.resolver_match is not None:
        name = request.resolver_match.url_name or ""
        current = next((s for p, s in _SECTION_OF.items() if name.startswith(p)), None)
    slug = getattr(municipality, "slug", "")
    items = []
    for section, label, url_name in SECTIONS:
        try:
            url = reverse(url_name, args=[slug])
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "current": section == current})
    return items


@register.filter
def share(won: int | None, share_pct: int) -> int | None:
    """A pledge's share of an amount, rounded as the budget module rounds it."""
    from sijeong.budgets.calc import share_of

    return share_of(won, int(share_pct))
