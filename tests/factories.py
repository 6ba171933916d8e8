"""factory_boy factories for hand-made data sets (evaluation figures, permissions).

They write rows directly, bypassing the services, so that a test can build exactly the
situation it needs; tests of the services themselves call the services.
"""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from sijeong.accounts.models import Role, User
from sijeong.core.models import Municipality, MunicipalityKind, OrgUnit, OrgUnitKind, Term
from sijeong.pledges.models import (
    FundingSource,
    InvestmentRow,
    InvestmentYear,
    Pledge,
    PledgeCategory,
    PledgeStatus,
    PledgeTarget,
    TargetMet,
)


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"시험시{n}")
    kind = MunicipalityKind.CITY
    code = factory.Sequence(lambda n: f"{90000 + n}")
    slug = factory.Sequence(lambda n: f"test-{n}")


class TermFactory(DjangoModelFactory):
    class Meta:
        model = Term

    municipality = factory.SubFactory(MunicipalityFactory)
    number = 8
    start = dt.date(2022, 7, 1)
    end = dt.date(2026, 6, 30)


class OrgUnitFactory(DjangoModelFactory):
    class Meta:
        model = OrgUnit

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"시험{n}과")
    kind = OrgUnitKind.DIVISION


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = PledgeCategory

    term = factory.SubFactory(TermFactory)
    municipality = factory.SelfAttribute("term.municipality")
    code = factory.Sequence(lambda n: f"{n + 1}")
    title = factory.Sequence(lambda n: f"분야{n + 1}")


class PledgeFactory(DjangoModelFactory):
    class Meta:
        model = Pledge

    category = factory.SubFactory(CategoryFactory)
    term = factory.SelfAttribute("category.term")
    municipality = factory.SelfAttribute("category.municipality")
    code = factory.Sequence(lambda n: f"1-{n + 1}")
    title = factory.Sequence(lambda n: f"시험 공약 {n + 1}")
    lead_department = factory.SubFactory(
        OrgUnitFactory, municipality=factory.SelfAttribute("..municipality")
    )
    status = PledgeStatus.ON_TRACK


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = PledgeTarget

    pledge = factory.SubFactory(PledgeFactory)
    year = 2023
    target = "목표"
    met = TargetMet.UNKNOWN


class InvestmentRowFactory(DjangoModelFactory):
    class Meta:
        model = InvestmentRow

    pledge = factory.SubFactory(PledgeFactory)
    source = FundingSource.MUNICIPAL


class InvestmentYearFactory(DjangoModelFactory):
    class Meta:
        model = InvestmentYear

    row = factory.SubFactory(InvestmentRowFactory)
    year = 2023


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.CITIZEN
    is_staff = factory.LazyAttribute(lambda u: u.role != Role.CITIZEN)
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests")
