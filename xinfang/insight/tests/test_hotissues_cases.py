from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from xinfang.cases.models import Case
from xinfang.cases.services import PetitionerInput
from xinfang.cases.tests.factories import register_case, valid_id
from xinfang.insight.hotissues_cases import hot_issues_for_cases
from xinfang.insight.tests.corpus import BACKGROUND, ESTATE_BARBECUE, SCHOOL_FEES, SINGLES, START
from xinfang.org.testing import StaffTestCase


class HotIssuesForCasesTests(StaffTestCase):
    def setUp(self) -> None:
        self.since = timezone.make_aware(START)
        self.until = self.since + timedelta(days=30)
        self.codes: dict[str, str] = {}
        rows = [*ESTATE_BARBECUE, *SCHOOL_FEES, *SINGLES, *BACKGROUND]
        for number, (key, title, text) in enumerate(rows):
            when = self.since + timedelta(days=number % 28)
            self.register(key, title, text, when, person=number, region=self.county)

    def register(
        self, key: str, title: str, text: str, when: object, person: int, **more: object
    ) -> None:
        petitioner = PetitionerInput(
            name=f"信访人{person}", id_number=valid_id(f"11010519800101{person:03d}")
        )
        case = register_case(
            self.alice,
            title=title,
            content=text,
            petitioners=[petitioner],
            received_at=when,
            **more,
        )
        self.codes[key] = case.code

    def keys(self, codes: tuple[str, ...]) -> set[str]:
        by_code = {code: key for key, code in self.codes.items()}
        return {by_code[code] for code in codes}

    def test_it_groups_the_cases_of_each_matter(self) -> None:
        with self.assertNumQueries(2):
            issues = hot_issues_for_cases(Case.objects.all(), since=self.since, until=self.until)

        self.assertEqual(
            [self.keys(issue.member_ids) for issue in issues],
            [{"a1", "a2", "a3", "a4", "a5"}, {"b1", "b2", "b3", "b4"}],
        )
        self.assertIn("翠湖花园", issues[0].key_terms)
        self.assertEqual(issues[0].first_at, self.since)

    def test_it_counts_a_petitioner_writing_again_once(self) -> None:
        again = self.since + timedelta(days=20)
        self.register("a6", *ESTATE_BARBECUE[0][1:], again, person=0, region=self.county)

        issues = hot_issues_for_cases(Case.objects.all(), since=self.since, until=self.until)

        self.assertEqual((issues[0].size, issues[0].authors), (6, 5))

    def test_it_reads_only_the_cases_received_in_the_period(self) -> None:
        later = self.until + timedelta(hours=1)
        self.register("a7", *ESTATE_BARBECUE[1][1:], later, person=90, region=self.county)

        issues = hot_issues_for_cases(Case.objects.all(), since=self.since, until=self.until)

        self.assertNotIn(self.codes["a7"], issues[0].member_ids)
        self.assertEqual(issues[0].size, 5)

    def test_it_never_groups_cases_of_two_regions(self) -> None:
        for number, (key, title, text) in enumerate(ESTATE_BARBECUE[:3]):
            self.register(
                f"w{key}", title, text, self.since + timedelta(days=number), 80 + number,
                region=self.other_county,
            )  # fmt: skip

        issues = hot_issues_for_cases(Case.objects.all(), since=self.since, until=self.until)

        west = {self.codes[f"w{key}"] for key, _, _ in ESTATE_BARBECUE[:3]}
        self.assertEqual(
            [(issue.region, west & set(issue.member_ids)) for issue in issues],
            [
                (str(self.county.pk), set()),
                (str(self.county.pk), set()),
                (str(self.other_county.pk), west),
            ],
        )

    def test_it_measures_growth_up_to_the_end_of_the_period(self) -> None:
        issues = hot_issues_for_cases(
            Case.objects.all(), since=self.since, until=self.since + timedelta(days=365)
        )

        self.assertEqual(issues[0].growth, -1.0)
