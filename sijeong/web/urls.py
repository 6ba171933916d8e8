from django.urls import path

from sijeong.web import budgets, committees, participation, proposals, staff_participation, views

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
    path("<slug:municipality>/", views.municipality_home, name="municipality"),
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
]
