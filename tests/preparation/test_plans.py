"""From the analysis to a group: community plan, project, founding members, proposal with its status
history, community forum, and the one action that makes the approved project a group."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sammachip.core.models import AuditEvent
from sammachip.groups.models import OccupationGroup
from sammachip.households import services as hh
from sammachip.places.models import PartnerAgency
from sammachip.plans.models import CommunityPlan, Project, Proposal, ProposalDocument, ProspectiveMember

from .conftest import item


@pytest.fixture
def partner(sungai_padi):
    return PartnerAgency.objects.create(name="อบต.ริโก๋", kind="lao", district=sungai_padi)


@pytest.fixture
def project(client_for, officer, village, partner, houses, forum):
    soap = item("น้ำยาล้างจาน")
    assert soap.occupation is not None
    hh.save_need(
        household=houses[0],
        occupation=soap.occupation,
        people=2,
        skills="",
        hours_per_week=None,
        surveyed_on=dt.date(2026, 10, 20),
        by=officer,
    )
    c = client_for(officer)
    r = c.post(
        f"/villages/{village.pk}/plans/",
        {"year": "2569", "occupation": soap.occupation_id, "forum": forum.pk},
    )
    plan = CommunityPlan.objects.get()
    assert (
        plan.year == 2026
        and r["Location"] == f"/plans/{plan.pk}/?occupation={soap.occupation_id}&forum={forum.pk}#new-project"
    )
    form = c.get(r["Location"])
    assert form.context["form"].initial["occupation"] == soap.occupation
    data = {
        "title": "ทำน้ำยาล้างจาน", "objective": "ลดรายจ่าย", "kind": "occupation", "occupation": soap.occupation_id,
        "item": soap.pk, "target_households": "20", "budget": "25,000", "funding": "partner", "forum": forum.pk,
    }  # fmt: skip
    r = c.post(f"/plans/{plan.pk}/", data)
    assert r.status_code == 422 and "ระบุหน่วยงานภาคีที่สนับสนุนงบ" in r.content.decode()
    r = c.post(f"/plans/{plan.pk}/", data | {"partner": partner.pk})
    assert r.status_code == 302
    return Project.objects.get()


def test_plan_is_public_and_printable(project) -> None:
    anonymous = Client()
    r = anonymous.get(f"/public/plans/{project.plan_id}/")
    assert r.status_code == 200 and "ทำน้ำยาล้างจาน" in r.content.decode() and "25,000.00" in r.content.decode()
    assert 'href="/projects/' not in r.content.decode()  # read-only: no links into the staff pages
    pdf = anonymous.get(f"/public/plans/{project.plan_id}/?format=pdf")
    assert pdf.content.startswith(b"%PDF")
    assert anonymous.get(f"/plans/{project.plan_id}/").status_code == 302  # the working page needs a login
    assert anonymous.get("/public/plans/99999/").status_code == 404
    assert project.forum_id and project.item.name == "น้ำยาล้างจาน"


def test_proposal_walks_its_status_path_with_history(client_for, officer, project, partner) -> None:
    c = client_for(officer)
    r = c.post(
        f"/projects/{project.pk}/",
        {
            "action": "proposal",
            "proposal-partner": partner.pk,
            "proposal-amount_requested": "25,000",
            "proposal-on": "01/11/2569",
        },
    )
    assert r.status_code == 302
    proposal = Proposal.objects.get()
    url = f"/proposals/{proposal.pk}/"

    def step(status, on, amount=""):
        return c.post(
            url,
            {
                "action": "status",
                "status-status": status,
                "status-on": on,
                "status-amount": amount,
                "status-note": "",
            },
        )

    assert step("approved", "02/11/2569", "20000").status_code == 422  # a draft is sent first
    assert step("submitted", "03/11/2569").status_code == 302
    project.refresh_from_db()
    assert project.status == "proposed"
    assert step("under_review", "01/11/2569").status_code == 422  # before the last step
    waiting = c.get("/districts/9611/proposals/")
    assert "อบต.ริโก๋ พิจารณา" in waiting.content.decode()
    assert step("approved", "10/11/2569", "30,000").status_code == 422  # more than requested
    assert step("approved", "10/11/2569", "20,000").status_code == 302
    assert step("funded", "12/11/2569", "20,000.01").status_code == 422
    assert step("funded", "12/11/2569", "20,000").status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.amount_approved, proposal.amount_funded) == (
        "funded",
        Decimal("20000.00"),
        Decimal("20000.00"),
    )
    assert list(proposal.events.values_list("status", flat=True)) == [
        "draft",
        "submitted",
        "approved",
        "funded",
    ]
    assert AuditEvent.objects.filter(verb="plans.proposal.status").count() == 3
    page = c.get(url).content.decode()
    assert 'id="history"' in page and "20,000.00" in page
    totals = c.get("/districts/9611/proposals/").context["totals"]
    assert totals["funded"] == Decimal("20000.00")


def test_documents_are_checked_and_only_the_area_downloads_them(
    client_for, officer, other_district_officer, project, partner
) -> None:
    from sammachip.plans import services

    proposal = services.create_proposal(
        project=project,
        partner=partner,
        amount_requested=Decimal(100),
        on=dt.date(2026, 11, 1),
        note="",
        by=officer,
    )
    c = client_for(officer)
    url = f"/proposals/{proposal.pk}/"
    bad = SimpleUploadedFile("proposal.pdf", b"MZ\x90\x00 not a pdf")
    r = c.post(url, {"action": "document", "doc-file": bad})
    assert r.status_code == 422 and "ไม่ตรงกับชนิดไฟล์" in r.content.decode()
    exe = SimpleUploadedFile("virus.exe", b"MZ")
    assert c.post(url, {"action": "document", "doc-file": exe}).status_code == 422
    good = SimpleUploadedFile("../../ข้อเสนอ.pdf", b"%PDF-1.4 test")
    assert c.post(url, {"action": "document", "doc-file": good}).status_code == 302
    doc = ProposalDocument.objects.get()
    stored = doc.file.name or ""
    assert doc.name == "ข้อเสนอ.pdf" and ".." not in stored and "ข้อเสนอ" not in stored
    r = c.get(f"/proposal-documents/{doc.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"%PDF-1.4 test"
    assert client_for(other_district_officer).get(f"/proposal-documents/{doc.pk}/").status_code == 404


def test_approved_project_becomes_a_group_with_its_founding_members(
    client_for, officer, project, houses, partner
) -> None:
    c = client_for(officer)
    for n, h in enumerate(houses[:3]):
        r = c.post(
            f"/projects/{project.pk}/",
            {
                "action": "member",
                "member-household": h.pk,
                "member-first_name": f"สมาชิก{n}",
                "member-last_name": "ใจดี",
                "member-wants": "รายได้เสริม",
            },
        )
        assert r.status_code == 302
    dup = c.post(
        f"/projects/{project.pk}/",
        {
            "action": "member",
            "member-household": houses[0].pk,
            "member-first_name": "สมาชิก0",
            "member-last_name": "ใจดี",
        },
    )
    assert dup.status_code == 422
    assert ProspectiveMember.objects.get(household=houses[0]).need is not None  # the survey answer is linked
    group_post = {"action": "group", "group-name": "กลุ่มน้ำยาล้างจานบ้านสากอ", "group-founded_on": "20/11/2569"}
    r = c.post(f"/projects/{project.pk}/", group_post)
    assert r.status_code == 422 and "ต้องได้รับอนุมัติก่อน" in r.content.decode()
    assert not OccupationGroup.objects.exists()
    assert (
        c.post(f"/projects/{project.pk}/", {"action": "status", "status-status": "approved"}).status_code
        == 302
    )
    r = c.post(f"/projects/{project.pk}/", group_post)
    group = OccupationGroup.objects.get()
    assert r["Location"] == f"/groups/{group.pk}/"
    assert group.project == project and group.occupation == project.occupation
    assert sorted(m.person.first_name for m in group.memberships.all()) == ["สมาชิก0", "สมาชิก1", "สมาชิก2"]
    assert all(m.is_founding for m in group.memberships.all())
    project.refresh_from_db()
    assert project.status == "under_way"
    assert c.post(f"/projects/{project.pk}/", group_post).status_code == 422
    assert OccupationGroup.objects.count() == 1
    assert "ตั้งขึ้นจากโครงการในแผนชุมชน" in c.get(f"/groups/{group.pk}/").content.decode()


def test_community_forum_and_coordination_log(client_for, officer, village, project, partner) -> None:
    c = client_for(officer)
    r = c.post(
        f"/villages/{village.pk}/community-forums/new/", {"held_on": "15/11/2569", "place": "ศาลาประชาคม"}
    )
    assert r.status_code == 302
    forum_url = r["Location"]
    assert (
        c.post(forum_url, {"project": project.pk, "outcome": "supported", "note": "เห็นชอบทั้งหมด"}).status_code
        == 302
    )
    assert "เวทีเห็นชอบสนับสนุน" in c.get(f"/projects/{project.pk}/").content.decode()
    r = c.post(f"/partners/{partner.pk}/log/", {"on": "16/11/2569", "note": "โทรนัดยื่นเอกสาร"})
    assert r.status_code == 302
    assert "โทรนัดยื่นเอกสาร" in c.get(f"/partners/{partner.pk}/log/").content.decode()
    assert c.post(f"/partners/{partner.pk}/log/", {"on": "16/11/2599", "note": "x"}).status_code == 422


def test_the_partner_log_shows_only_the_proposals_of_ones_posting(
    client_for, officer, project, partner
) -> None:
    """An agency serves the whole district; an officer posted to another subdistrict sees its log, but not
    the proposals of villages outside her posting, nor the notes about them, and cannot write on them."""
    from sammachip.places.models import District
    from sammachip.plans import services
    from tests.conftest import _staff

    proposal = services.create_proposal(
        project=project, partner=partner, amount_requested=Decimal("25000.50"), on=dt.date(2026, 11, 10),
        note="", by=officer,
    )  # fmt: skip
    services.add_coordination_note(
        partner=partner, on=dt.date(2026, 11, 12), note="นัดส่งแบบเสนอของสากอ", proposal=proposal, by=officer
    )
    here = District.objects.get(code="9611")
    colleague = _staff("o-961101", "officer", here, here.province_id)
    colleague.postings.get().subdistricts.set([here.subdistricts.get(code="961101")])
    c = client_for(colleague)
    page = c.get(f"/partners/{partner.pk}/log/").content.decode()
    assert "นัดส่งแบบเสนอของสากอ" not in page and f"/proposals/{proposal.pk}/" not in page
    before = proposal.coordination_notes.count()
    r = c.post(
        f"/partners/{partner.pk}/log/", {"on": "16/11/2569", "note": "แอบเขียน", "proposal": proposal.pk}
    )
    assert r.status_code == 422 and proposal.coordination_notes.count() == before
    own = client_for(officer).get(f"/partners/{partner.pk}/log/").content.decode()
    assert "นัดส่งแบบเสนอของสากอ" in own
