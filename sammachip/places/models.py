"""Provinces, districts and subdistricts (official DOPA codes, from geothai), villages, partner agencies."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.CharField(max_length=2, unique=True)
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_th


class District(models.Model):
    code = models.CharField(max_length=4, unique=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_th


class Subdistrict(models.Model):
    code = models.CharField(max_length=6, unique=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="subdistricts")
    name_th = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)
    postal_code = models.CharField(max_length=5, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_th


class VillageQuerySet(models.QuerySet["Village"]):
    def in_district(self, district: District) -> VillageQuerySet:
        return self.filter(subdistrict__district=district)


class Village(models.Model):
    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.PROTECT, related_name="villages")
    moo = models.PositiveSmallIntegerField(
        _("village number (หมู่ที่)"), validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    name = models.CharField(_("village name"), max_length=150)
    code = models.CharField(
        _("village code"),
        max_length=8,
        null=True,
        blank=True,
        unique=True,
        validators=[RegexValidator(r"^\d{8}$", _("A village code has 8 digits."))],
    )

    objects = VillageQuerySet.as_manager()

    class Meta:
        ordering = ["subdistrict__code", "moo"]
        constraints = [
            models.UniqueConstraint(fields=["subdistrict", "moo"], name="village_unique_moo_per_subdistrict"),
            models.CheckConstraint(condition=models.Q(moo__gte=1, moo__lte=99), name="village_moo_range"),
        ]

    def __str__(self) -> str:
        return f"ม.{self.moo} {self.name}"


class PartnerAgency(models.Model):
    class Kind(models.TextChoices):
        LOCAL_GOVERNMENT = "lao", _("Local government (อปท.)")
        AGRICULTURE = "agriculture", _("Agriculture (เกษตร)")
        FISHERIES = "fisheries", _("Fisheries (ประมง)")
        NON_FORMAL_EDUCATION = "nfe", _("Non-formal education (กศน.)")
        ADMINISTRATION = "administration", _("Provincial administration (ปกครอง)")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="partner_agencies", verbose_name=_("district")
    )
    subdistricts = models.ManyToManyField(
        Subdistrict, blank=True, related_name="partner_agencies", verbose_name=_("subdistricts served")
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["district__code", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="partner_unique_name_per_district")
        ]

    def __str__(self) -> str:
        return self.name
