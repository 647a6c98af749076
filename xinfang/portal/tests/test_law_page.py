from __future__ import annotations

import re

from django.urls import reverse

from xinfang.cases.tests.views.base import StaffPageTestCase
from xinfang.portal.models import Law, LawArticle

SLUG = "xinfang-gongzuo-tiaoli"


class LawPageTests(StaffPageTestCase):
    def test_it_lists_the_articles_of_the_regulation_in_order_with_anchors(self) -> None:
        response = self.client.get(reverse("portal:law", args=[SLUG]))

        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<h1>信访工作条例</h1>", html=True)
        anchors = [int(n) for n in re.findall(r'<article [^>]*id="art-(\d+)"', response.text)]
        numbers = list(
            LawArticle.objects.filter(law__slug=SLUG)
            .order_by("number")
            .values_list("number", flat=True)
        )
        self.assertEqual(anchors, numbers)
        self.assertEqual(anchors, sorted(anchors))
        self.assertIn(22, anchors)
        self.assertIn(36, anchors)
        labels = re.findall(r'<h3 id="art-\d+-label">(第.+?条)</h3>', response.text)
        self.assertEqual(labels[:3], ["第一条", "第二条", "第三条"])

    def test_it_puts_each_article_under_its_chapter(self) -> None:
        response = self.client.get(reverse("portal:law", args=[SLUG]))

        text = response.text
        self.assertLess(text.index("第一章　总则</h2>"), text.index('id="art-1"'))
        self.assertLess(text.index('id="art-5"'), text.index("第三章　信访事项的提出和受理</h2>"))
        self.assertLess(text.index("第三章　信访事项的提出和受理</h2>"), text.index('id="art-19"'))

    def test_it_holds_the_whole_regulation_with_its_note(self) -> None:
        response = self.client.get(reverse("portal:law", args=[SLUG]))

        self.assertContains(response, "全文六章五十条")
        for number in range(1, 51):
            self.assertContains(response, f'id="art-{number}"')
        self.assertContains(response, "本条例自2022年5月1日起施行。")

    def test_it_lists_the_laws_of_the_library(self) -> None:
        response = self.client.get(reverse("portal:laws"))

        self.assertContains(response, f'href="{reverse("portal:law", args=[SLUG])}"')
        self.assertContains(response, "中共中央、国务院")

    def test_it_hides_a_law_the_library_no_longer_shows(self) -> None:
        Law.objects.filter(slug=SLUG).update(is_active=False)

        self.assertEqual(self.client.get(reverse("portal:law", args=[SLUG])).status_code, 404)
        self.assertNotContains(self.client.get(reverse("portal:laws")), "中共中央、国务院")

    def test_it_answers_404_for_an_unknown_law(self) -> None:
        self.assertEqual(
            self.client.get(reverse("portal:law", args=["no-such-law"])).status_code, 404
        )


class MediationLawTests(StaffPageTestCase):
    def test_the_library_holds_the_mediation_law_and_answers_from_it(self) -> None:
        listed = self.client.get(reverse("portal:laws"))
        law = self.client.get(reverse("portal:law", args=["renmin-tiaojie-fa"]))
        answer = self.client.get(reverse("portal:ask"), {"q": "邻里纠纷可以调解吗"})

        self.assertContains(listed, "中华人民共和国人民调解法")
        self.assertContains(law, 'id="art-35"')
        self.assertContains(law, "人民调解委员会调解民间纠纷，不收取任何费用。")
        self.assertContains(answer, "《中华人民共和国人民调解法》第十七条")
