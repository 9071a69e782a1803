"""Medication overuse (ICHD-3 8.2) rules, evaluated per calendar month of the period.

Plain data: the summary, the GUI and the PDF all read the same rules and thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from headache_diary.domain.text import lower_label

#: classes ICHD-3 8.2 counts as acute headache medication (8.2.1-8.2.6)
ACUTE_CLASSES = ("simple_analgesic", "nsaid", "triptan", "ergot", "opioid", "combination")

#: a rule that fires in this many consecutive months is reported once more as a run
RUN_MONTHS = 3


@dataclass(frozen=True)
class OveruseRule:
    """``classes`` taken on >= ``threshold`` distinct local dates in a calendar month.

    A rule with no classes counts headache days in the month instead. A rule for classes
    taken together (``min_classes`` 2) applies only in a month when at least two of its
    classes were taken: one class alone is its own rule.
    """

    id: str
    label: str
    criterion: str
    threshold: int
    classes: tuple[str, ...] = ()
    min_classes: int = 1

    @property
    def short(self) -> str:
        """``Triptans`` from ``Triptans on 10 or more days``."""
        return self.label.split(" on ")[0]


OVERUSE_RULES: tuple[OveruseRule, ...] = (
    OveruseRule(
        "simple_analgesic_15_days",
        "Simple analgesics on 15 or more days",
        "ICHD-3 8.2.3",
        15,
        ("simple_analgesic",),
    ),
    OveruseRule("nsaid_15_days", "NSAIDs on 15 or more days", "ICHD-3 8.2.3", 15, ("nsaid",)),
    OveruseRule(
        "simple_analgesic_nsaid_15_days",
        "Simple analgesics and NSAIDs together on 15 or more days",
        "ICHD-3 8.2.3",
        15,
        ("simple_analgesic", "nsaid"),
        2,
    ),
    OveruseRule("triptan_10_days", "Triptans on 10 or more days", "ICHD-3 8.2.2", 10, ("triptan",)),
    OveruseRule("ergot_10_days", "Ergots on 10 or more days", "ICHD-3 8.2.1", 10, ("ergot",)),
    OveruseRule("opioid_10_days", "Opioids on 10 or more days", "ICHD-3 8.2.4", 10, ("opioid",)),
    OveruseRule(
        "combination_10_days",
        "Combination analgesics on 10 or more days",
        "ICHD-3 8.2.5",
        10,
        ("combination",),
    ),
    OveruseRule(
        "acute_10_days",
        "Acute headache medication of two or more classes together on 10 or more days",
        "ICHD-3 8.2.6",
        10,
        ACUTE_CLASSES,
        2,
    ),
    OveruseRule("headache_days_15", "Headache on 15 or more days", "ICHD-3 8.2 (A)", 15),
)

RULES_BY_ID = {r.id: r for r in OVERUSE_RULES}
RUN_SUFFIX = "_3_months_in_a_row"


@dataclass(frozen=True)
class OveruseFlag:
    """A rule reached in a month; or, with ``months`` set, in that many months in a row
    ending in ``month`` and starting in ``first_month``."""

    month: str
    rule: OveruseRule
    days: int
    months: int | None = None
    first_month: str | None = None

    @property
    def is_run(self) -> bool:
        return self.months is not None

    @property
    def rule_id(self) -> str:
        return self.rule.id + RUN_SUFFIX if self.is_run else self.rule.id

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "month": self.month,
            "rule": self.rule_id,
            "days": self.days,
            "threshold": self.rule.threshold,
            "label": (
                f"{self.rule.label} in {self.months} months in a row"
                if self.is_run
                else self.rule.label
            ),
            "criterion": self.rule.criterion,
        }
        if self.is_run:
            out["months"] = self.months
            out["first_month"] = self.first_month
        return out


def overuse_flags(
    months: list[str], med_days: dict[str, dict[str, int]], headache_days: dict[str, int]
) -> list[OveruseFlag]:
    """The rules reached in each month, by month then rule order.

    ``med_days``: month -> {rule id: days, ``"class:<code>"``: days of that class}.

    Every rule that reaches its threshold in a month gives one flag. A rule that does so
    in three or more consecutive months of the period gives one more flag, placed at the
    last month of the run, which says how many months (``months``) since which month
    (``first_month``): ICHD-3 asks for regular overuse for more than 3 months, which a
    diary period may or may not show.
    """
    flags: list[tuple[int, int, OveruseFlag]] = []
    for order, rule in enumerate(OVERUSE_RULES):
        run: list[tuple[int, str, int]] = []

        def close_run(
            run: list[tuple[int, str, int]], rule: OveruseRule = rule, order: int = order
        ) -> None:
            if len(run) >= RUN_MONTHS:
                idx, last, days = run[-1]
                flag = OveruseFlag(last, rule, days, months=len(run), first_month=run[0][1])
                flags.append((idx, len(OVERUSE_RULES) + order, flag))

        for idx, month in enumerate(months):
            if rule.classes:
                month_days = med_days.get(month, {})
                days = month_days.get(rule.id, 0)
                used = sum(1 for c in rule.classes if month_days.get(f"class:{c}", 0))
                if used < rule.min_classes:
                    days = 0
            else:
                days = headache_days.get(month, 0)
            if days >= rule.threshold:
                flags.append((idx, order, OveruseFlag(month, rule, days)))
                run.append((idx, month, days))
            else:
                close_run(run)
                run = []
        close_run(run)
    flags.sort(key=lambda f: (f[0], f[1]))
    return [f[2] for f in flags]


def thresholds_text() -> str:
    """The thresholds in words, from the rules themselves (GUI and PDF definitions)."""
    by_threshold: dict[int, list[str]] = {}
    for rule in OVERUSE_RULES:
        if rule.classes and rule.min_classes == 1:
            by_threshold.setdefault(rule.threshold, []).append(lower_label(rule.short))
    parts = [
        f"{', '.join(names[:-1]) + ' or ' if len(names) > 1 else ''}{names[-1]} "
        f"on {t} or more days a month"
        for t, names in sorted(by_threshold.items(), reverse=True)
    ]
    return "; ".join(parts)
