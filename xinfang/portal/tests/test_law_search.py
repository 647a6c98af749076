from __future__ import annotations

from django.urls import reverse

from xinfang.cases.tests.views.base import StaffPageTestCase
from xinfang.portal.templatetags.portal_library import marked_excerpt

LAW_URL = "/portal/laws/xinfang-gongzuo-tiaoli/"


class LawSearchTests(StaffPageTestCase):
    def search(self, query: str):  # type: ignore[no-untyped-def]
        return self.client.get(reverse("portal:laws"), {"q": query})

    def test_it_finds_an_article_by_a_phrase(self) -> None:
        response = self.search("听证所需时间不计算在")

        hits = response.context["hits"]
        self.assertEqual([hit.article.number for hit in hits][:1], [36])
        self.assertContains(response, '<ol class="results">')
        self.assertContains(response, f'href="{LAW_URL}#art-36"')
        self.assertContains(response, "<mark>听证所需时间不计算在</mark>")

    def test_it_puts_articles_with_the_phrase_before_articles_with_its_words(self) -> None:
        hits = self.search("不再受理").context["hits"]

        self.assertEqual(hits[0].article.number, 36)
        self.assertEqual(hits[0].terms, ["不再受理"])

    def test_it_finds_an_article_by_words_that_are_not_one_phrase(self) -> None:
        hits = self.search("复核 听证 公示").context["hits"]

        self.assertIn(36, [hit.article.number for hit in hits])

    def test_it_says_when_no_article_matches(self) -> None:
        response = self.search("停车位")

        self.assertEqual(response.context["hits"], [])
        self.assertContains(response, "0 articles found")

    def test_it_escapes_the_text_it_marks(self) -> None:
        html = marked_excerpt("<b>不再受理</b> & 其他", ["不再受理"])

        self.assertEqual(html, "&lt;b&gt;<mark>不再受理</mark>&lt;/b&gt; &amp; 其他")
