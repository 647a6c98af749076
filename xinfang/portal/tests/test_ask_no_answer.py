from __future__ import annotations

from unittest import mock
from urllib.parse import quote

from django.urls import NoReverseMatch, reverse

from xinfang.cases.tests.views.base import StaffPageTestCase
from xinfang.portal.ask_views import petition_url


class AskNoAnswerTests(StaffPageTestCase):
    def test_it_offers_to_turn_an_unrelated_question_into_a_petition(self) -> None:
        question = "我家小区停车位太少怎么办"

        response = self.client.get(reverse("portal:ask"), {"q": question})

        self.assertFalse(response.context["answer"].found)
        self.assertContains(response, "No answer found")
        submit = reverse("portal:submit")
        self.assertContains(response, f'href="{submit}?content={quote(question)}"')

    def test_it_does_not_answer_with_a_word_many_entries_use(self) -> None:
        response = self.client.get(reverse("portal:ask"), {"q": "我要投诉"})

        self.assertFalse(response.context["answer"].found)
        self.assertContains(response, "Turn my question into a petition")

    def test_it_links_to_the_submit_page_by_its_path_when_the_name_is_missing(self) -> None:
        with mock.patch("xinfang.portal.ask_views.reverse", side_effect=NoReverseMatch):
            url = petition_url("停车难")

        self.assertEqual(url, f"/portal/submit/?content={quote('停车难')}")
