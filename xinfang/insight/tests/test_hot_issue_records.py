"""The hourly job keeps each area's hot issues; the dashboard lists them; a hot issue opens
its cases within the reader's scope."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from xinfang.cases.services import PetitionerInput
from xinfang.cases.tests.factories import register_case, valid_id
from xinfang.cases.tests.views.base import StaffPageTestCase
from xinfang.insight.hotissue_records import hot_issues_refresh
from xinfang.insight.models import HotIssueRecord
from xinfang.insight.tests.corpus import BACKGROUND, ESTATE_BARBECUE, SCHOOL_FEES, SINGLES


class HotIssueRecordTests(StaffPageTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        now = timezone.now()
        cls.codes = {}
        rows = [*ESTATE_BARBECUE, *SCHOOL_FEES, *SINGLES, *BACKGROUND]
        for number, (key, title, text) in enumerate(rows):
            case = register_case(
                cls.alice,
                title=title,
                content=text,
                petitioners=[
                    PetitionerInput(
                        name=f"信访人{number}", id_number=valid_id(f"11010519800101{number:03d}")
                    )
                ],
                received_at=now - timedelta(days=1 + number % 20),
                region=cls.county,
            )
            cls.codes[key] = case.code
        cls.kept = hot_issues_refresh(now)

    def test_the_job_keeps_the_county_s_hot_issues_with_their_cases(self) -> None:
        # The county's, and the province's (the top of the tree sees the county's cases).
        self.assertEqual(
            set(HotIssueRecord.objects.values_list("area", flat=True)),
            {self.county.pk, self.province.pk},
        )
        self.assertEqual(self.kept, HotIssueRecord.objects.count())
        records = list(HotIssueRecord.objects.filter(area=self.county).order_by("rank"))
        barbecue = {self.codes[key] for key, _t, _x in ESTATE_BARBECUE}
        self.assertEqual(set(records[0].member_codes), barbecue)
        self.assertIn("翠湖花园", records[0].key_terms)
        self.assertIn(records[0].representative.code, barbecue)

    def test_the_dashboard_lists_them_and_each_opens_its_visible_cases(self) -> None:
        record = HotIssueRecord.objects.get(area=self.county, rank=1)
        self.login(self.lee)

        dashboard = self.client.get("/insight/")
        self.assertContains(dashboard, f"/insight/hot/{record.pk}/")
        page = self.client.get(f"/insight/hot/{record.pk}/")
        self.assertEqual(
            {case.code for case in page.context["page"].object_list}, set(record.member_codes)
        )
        self.login(self.olga)  # another county's staff
        self.assertNotContains(self.client.get("/insight/"), f"/insight/hot/{record.pk}/")
        self.assertEqual(self.client.get(f"/insight/hot/{record.pk}/").status_code, 404)

    def test_running_again_replaces_the_records(self) -> None:
        before = HotIssueRecord.objects.count()

        hot_issues_refresh(timezone.now())

        self.assertEqual(HotIssueRecord.objects.count(), before)
