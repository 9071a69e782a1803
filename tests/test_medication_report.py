"""The PDF with a medication plan and doses outside episodes: the section's table and
sentences, the plan under the monthly headache days chart, the overuse check counting them
(text extracted with pypdf)."""

from __future__ import annotations

from datetime import date, datetime

from headache_diary.analysis.charts import build_charts
from headache_diary.domain.medication import AcuteDose, PlanEntry
from headache_diary.domain.timeutil import zone_for
from headache_diary.services import medication
from tests.support import ZONE, ctx_of, snapshot
from tests.support_report import FROM, TO, TODAY, page_texts, pdf_text, write


def _medication(diary) -> None:
    ctx = ctx_of(diary)
    first = medication.save_plan_entry(
        ctx, PlanEntry("Amitriptyline", "preventive", date(2026, 8, 1), None, "10 mg"), TODAY
    ).value
    medication.change_dose(ctx, first.id, "25 mg at night", date(2026, 10, 1), TODAY)
    medication.save_plan_entry(
        ctx, PlanEntry("Naproxen", "nsaid", date(2026, 9, 1), date(2026, 9, 20), "500 mg"), TODAY
    )
    for day in range(1, 8):
        taken = datetime(2026, 10, day, 20, 0, tzinfo=zone_for(ZONE))
        medication.save_dose(ctx, AcuteDose(taken, ZONE, "Sumatriptan", "triptan", "good"), taken)


def test_the_pdf_lists_the_plan_and_the_doses_and_counts_them(known_diary, tmp_path, qapp) -> None:
    (tmp_path / "out").mkdir()
    _medication(known_diary)
    path = write(known_diary, tmp_path)
    text = pdf_text(path)
    assert "Regular medication and doses outside episodes (self-reported)" in text
    assert "Amitriptyline Preventive 10 mg 1 Aug 2026 30 Sept 2026 no (preventive)" in text
    assert "Amitriptyline Preventive 25 mg at night 1 Oct 2026 still taken no (preventive)" in text
    assert "Naproxen NSAID 500 mg 1 Sept 2026 20 Sept 2026 yes, every day" in text
    assert "Doses taken outside an episode in this period: 7 (Triptan 7)" in text
    assert "7 Oct 2026 20:00 Sumatriptan Triptan Good" in text
    # the plan's 20 NSAID days and the 3 episode doses of September: 8.2.3 is not reached,
    # the NSAID days are counted (definition on page 1/2)
    summary = snapshot(known_diary, FROM, TO, TODAY).summary
    assert summary.medication_days["nsaid"] >= 20
    assert summary.medication_days["triptan"] == 7
    # the chart with the plan under it carries the medication's names as text
    assert any("Headache days per month and regular medication" in p for p in page_texts(path))
    assert "regular medication: preventive" in text


def test_the_headache_days_chart_has_the_plan_panel_only_with_a_plan(known_diary) -> None:
    snap = snapshot(known_diary, FROM, TO, TODAY)
    fig = dict(build_charts(snap))["Headache days per month"]
    assert len(fig.axes) == 1
    _medication(known_diary)
    snap = snapshot(known_diary, FROM, TO, TODAY)
    fig = dict(build_charts(snap))["Headache days per month"]
    top, panel = fig.axes
    assert top.get_xlim() == (-0.7, 2.7)  # the three months September-November, shared
    assert panel.get_shared_x_axes().joined(top, panel)
    labels = [t.get_text() for t in panel.get_yticklabels()]
    assert labels == ["Amitriptyline", "Naproxen"]  # one row per medication
