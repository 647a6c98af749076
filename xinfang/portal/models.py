from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xinfang.cases.models import Case


class TrackingAccess(models.Model):
    """The query password of a case submitted through the portal: with the case code it
    lets the petitioner follow the case, download its notices and rate the answer. Only
    a salted hash of the password is stored."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="tracking_access", verbose_name=_("case")
    )
    password_hash = models.CharField(_("password hash"), max_length=200)
    created_at = models.DateTimeField(_("created at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("tracking access")
        verbose_name_plural = _("tracking accesses")

    def __str__(self) -> str:
        return str(self.case_id)


# The law library and the knowledge base (云问诊)


class Law(models.Model):
    """A law, regulation or policy that petition work involves, as published by the body
    that issued it; the portal's law library shows it article by article."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    promulgated_on = models.DateField(_("promulgated on"), null=True, blank=True)
    effective_on = models.DateField(_("in force from"), null=True, blank=True)
    note = models.TextField(
        _("note to readers"),
        blank=True,
        help_text=_("Shown above the articles, e.g. which articles the library holds so far."),
    )
    is_active = models.BooleanField(_("shown in the library"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("law or regulation")
        verbose_name_plural = _("laws and regulations")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class LawArticle(models.Model):
    """One article (条) of a law, with the chapter it stands in. ``number`` orders the
    articles; ``label`` is how the text names it (第二十二条)."""

    law = models.ForeignKey(
        Law, on_delete=models.CASCADE, related_name="articles", verbose_name=_("law")
    )
    chapter = models.CharField(_("chapter"), max_length=100, blank=True)
    number = models.PositiveIntegerField(_("number"))
    label = models.CharField(_("label"), max_length=30)
    text = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["law", "number"]
        constraints = [
            models.UniqueConstraint(fields=["law", "number"], name="portal_article_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.law.title} {self.label}"

    @property
    def anchor(self) -> str:
        """The id of the article on its law's page (#art-22)."""
        return f"art-{self.number}"

    @property
    def paragraphs(self) -> list[str]:
        """The text's paragraphs (款) and items (项), one a line."""
        return [line.strip() for line in self.text.splitlines() if line.strip()]


class KnowledgeEntry(models.Model):
    """A question citizens ask and the petition bureau's answer to it, with the rule it
    rests on. Retired entries stay for the record but no longer answer anyone."""

    question = models.CharField(_("question"), max_length=200)
    answer = models.TextField(_("answer"))
    source = models.CharField(
        _("source"),
        max_length=200,
        help_text=_("What the answer rests on, e.g. 《信访工作条例》第三十四条 or 信访局."),
    )
    article = models.ForeignKey(
        LawArticle,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="knowledge_entries",
        verbose_name=_("article cited"),
    )
    is_active = models.BooleanField(_("answering"), default=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last edited by"),
    )

    class Meta:
        verbose_name = _("knowledge base entry")
        verbose_name_plural = _("knowledge base entries")
        ordering = ["question"]

    def __str__(self) -> str:
        return self.question
