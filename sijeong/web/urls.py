from django.urls import path

from sijeong.web import (
    budgets,
    committees,
    deliberation,
    indicators,
    participation,
    privacy,
    proposals,
    staff_changes,
    staff_participation,
    surveys,
    views,
)

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("staff/roundtables/", staff_participation.roundtable_list, name="staff_roundtables"),
    path("staff/roundtables/<int:pk>/", staff_participation.console, name="staff_roundtable"),
    path(
        "staff/roundtables/<int:pk>/report/",
        staff_participation.report,
        name="staff_roundtable_report",
    ),
    path(
        "staff/roundtables/<int:pk>/report.xlsx",
        staff_participation.report_xlsx,
        name="staff_roundtable_xlsx",
    ),
    path("staff/changes/", staff_changes.change_list, name="staff_changes"),
    path("staff/changes/<int:pk>/", staff_changes.change_detail, name="staff_change"),
    path("staff/pledges/<int:pk>/changes/new/", staff_changes.change_new, name="staff_change_new"),
    path("privacy/", privacy.privacy_policy, name="privacy"),
    path("<slug:municipality>/", views.municipality_home, name="municipality"),
    path("<slug:municipality>/privacy/", privacy.privacy_policy, name="municipality_privacy"),
    path("<slug:municipality>/search/", views.search_page, name="search"),
    path("<slug:municipality>/pledges/", views.pledge_list, name="pledge_list"),
    path("<slug:municipality>/pledges/<str:code>/", views.pledge_detail, name="pledge_detail"),
    path("<slug:municipality>/programs/", budgets.program_list, name="program_list"),
    path("<slug:municipality>/programs/<int:pk>/", budgets.program_detail, name="program_detail"),
    path("<slug:municipality>/work-plans/", budgets.work_plan_list, name="work_plan_list"),
    path(
        "<slug:municipality>/work-plans/<int:pk>/",
        budgets.work_plan_detail,
        name="work_plan_detail",
    ),
    path("<slug:municipality>/proposals/", proposals.proposal_list, name="proposal_list"),
    path(
        "<slug:municipality>/proposals/<int:pk>/",
        proposals.proposal_detail,
        name="proposal_detail",
    ),
    path("<slug:municipality>/roundtables/", participation.roundtable_list, name="roundtable_list"),
    path(
        "<slug:municipality>/roundtables/<slug:slug>/ideas/<int:pk>/",
        proposals.idea_detail,
        name="idea_detail",
    ),
    path(
        "<slug:municipality>/roundtables/<slug:slug>/",
        participation.roundtable_detail,
        name="roundtable_detail",
    ),
    path(
        "<slug:municipality>/roundtables/<slug:slug>/vote/",
        participation.vote,
        name="roundtable_vote",
    ),
    path(
        "<slug:municipality>/roundtables/<slug:slug>/vote/done/",
        participation.voted,
        name="roundtable_voted",
    ),
    path(
        "<slug:municipality>/roundtables/<slug:slug>/tally/",
        participation.tally,
        name="roundtable_tally",
    ),
    path("<slug:municipality>/committees/", committees.committee_list, name="committee_list"),
    path(
        "<slug:municipality>/committees/programme/",
        committees.programme_calendar,
        name="committee_programme",
    ),
    path(
        "<slug:municipality>/committees/<int:pk>/",
        committees.committee_detail,
        name="committee_detail",
    ),
    path("<slug:municipality>/surveys/", surveys.survey_list, name="survey_list"),
    path("<slug:municipality>/surveys/<int:pk>/", surveys.survey_detail, name="survey_detail"),
    path(
        "<slug:municipality>/surveys/<int:pk>/respond/",
        surveys.survey_respond,
        name="survey_respond",
    ),
    path(
        "<slug:municipality>/surveys/<int:pk>/thanks/", surveys.survey_thanks, name="survey_thanks"
    ),
    path(
        "<slug:municipality>/survey-series/<slug:slug>/",
        surveys.series_detail,
        name="survey_series",
    ),
    path("<slug:municipality>/deliberation/", deliberation.poll_list, name="deliberation_list"),
    path(
        "<slug:municipality>/deliberation/<slug:slug>/",
        deliberation.poll_detail,
        name="deliberation_poll",
    ),
    path(
        "<slug:municipality>/deliberation/<slug:slug>/score/",
        deliberation.score_sheet,
        name="deliberation_score",
    ),
    path(
        "<slug:municipality>/deliberation/<slug:slug>/score/done/",
        deliberation.scored,
        name="deliberation_scored",
    ),
    path("<slug:municipality>/indicators/", indicators.dashboard, name="indicator_dashboard"),
    path(
        "<slug:municipality>/indicators/<int:pk>/",
        indicators.indicator_detail,
        name="indicator_detail",
    ),
    path(
        "<slug:municipality>/indicators/sets/<int:pk>/",
        indicators.set_detail,
        name="indicator_set",
    ),
]
