"""Stage 7, policy: the one place where keep / redact / review is decided, by ordered rules in
config/policy.yaml (first match wins). Every finding and statement gets exactly one decision, a rule
id, a reason citing the principle and golden rule, and the chain of rules tried (for --explain).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable

from pipeline.settings import Settings
from pipeline.spans import SpansInOrder
from pipeline.types import Context, DiscloseError, Finding, Statement

DECISIONS = ("keep", "redact", "review")


@dataclass(frozen=True)
class Facts:
    """What the rules may ask of the run as a whole: the profile's needs and who receives the letter."""

    profile: dict[str, Any]
    recipient_is_family: bool
    statements: SpansInOrder
    findings: list[Finding]

    def relevant_at(self, offset: int) -> bool | None:
        """Whether the statement holding `offset` is relevant to the purpose; None outside statements."""
        holder = self.statements.holding(offset)
        return holder.relevant if holder is not None else None

    @cached_property
    def statements_with_special_data(self) -> set[int]:
        """The starts of statements that hold special-category data not negated."""
        holders = (self.statements.holding(f.start) for f in self.findings if f.kind == "special" and not f.negated)
        return {s.start for s in holders if s is not None}

    def beside_special_data(self, item: Finding) -> bool:
        holder = self.statements.holding(item.start)
        return holder is not None and item.kind == "personal" and holder.start in self.statements_with_special_data


def listed(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def needed(item: Finding, section: dict[str, Any]) -> bool:
    """Whether a profile's needs (or does_not_need) section names this finding's role, type or subtype."""
    if item.kind == "personal":
        return item.entity_type in section.get("entity_types", []) and (
            item.role is None or item.role in section.get("roles", [item.role])
        )
    return item.subtype in section.get(item.kind, [])


def field_value(name: str) -> Callable[[Finding | Statement, Facts], Any]:
    return lambda item, facts: getattr(item, name, None)


# Each condition a rule can state, and how to read it off an item.
CONDITIONS: dict[str, Callable[[Finding | Statement, Facts], Any]] = {
    "target": lambda item, facts: "finding" if isinstance(item, Finding) else "statement",
    "kind": field_value("kind"),
    "entity_type": field_value("entity_type"),
    "subtype": field_value("subtype"),
    "role": lambda item, facts: getattr(item, "role", None) or "none",
    "negated": field_value("negated"),
    "poses_risk": field_value("poses_risk"),
    "withheld_by_writer": lambda item, facts: bool(getattr(item, "withheld_by_writer", None)),
    "hypothetical": field_value("hypothetical"),
    "label": field_value("label"),
    "relevant": field_value("relevant"),
    "has_notes": lambda item, facts: bool(getattr(item, "notes", None)),
    "recipient_is_family": lambda item, facts: facts.recipient_is_family,
    "profile_needs": lambda item, facts: isinstance(item, Finding) and needed(item, facts.profile.get("needs", {})),
    "profile_excludes": lambda item, facts: isinstance(item, Finding)
    and needed(item, facts.profile.get("does_not_need", {})),
    "in_relevant_statement": lambda item, facts: facts.relevant_at(item.start) if isinstance(item, Finding) else None,
    "beside_special_data": lambda item, facts: isinstance(item, Finding) and facts.beside_special_data(item),
}


def first_mismatch(when: dict[str, Any], item: Finding | Statement, facts: Facts) -> str | None:
    """The first condition of a rule the item fails, described; None when it meets them all."""
    for name, wanted in when.items():
        actual = CONDITIONS[name](item, facts)
        if actual not in listed(wanted):
            return f"{name} is {actual!r}, rule wants {wanted!r}"
    return None


def citation(rule: dict[str, Any], edition: str) -> str:
    """'necessary and proportionate; GR2018-6': the principle and golden rule a rule applies."""
    number = (rule.get("golden_rule") or {}).get(edition)
    cited = [rule.get("principle"), f"GR{edition}-{number}" if number else None]
    return "; ".join(c for c in cited if c)


class FormatValues(dict):
    def __missing__(self, key: str) -> str:
        return "not stated"


def validate_rules(rules: list[dict[str, Any]]) -> None:
    """Reject a policy the engine cannot apply, naming the rule and what is wrong with it."""
    for number, rule in enumerate(rules, 1):
        name = rule.get("id", f"rule {number}")
        if rule.get("decision") not in DECISIONS:
            raise DiscloseError(f"policy rule {name}: decision must be one of {', '.join(DECISIONS)}")
        unknown = set(rule.get("when") or {}) - set(CONDITIONS)
        if unknown:
            raise DiscloseError(
                f"policy rule {name}: unknown condition {', '.join(sorted(unknown))}; "
                f"conditions are {', '.join(sorted(CONDITIONS))}"
            )


def decide_item(item: Finding | Statement, rules: list[dict[str, Any]], facts: Facts, edition: str, extra: dict) -> None:
    """Apply the first matching rule to one item, recording the rules tried before it."""
    item.explanation = []
    for rule in rules:
        mismatch = first_mismatch(rule.get("when") or {}, item, facts)
        if mismatch:
            item.explanation.append(f"{rule['id']}: not applied ({mismatch})")
            continue
        known = {key: value for key, value in vars(item).items() if value is not None}  # a None reads "not stated"
        values = FormatValues({**known, **extra.get(getattr(item, "entity_type", None), {})})
        reason = rule.get("reason", "").format_map(values)
        item.decision, item.rule = rule["decision"], rule["id"]
        item.reason = f"{reason} [{citation(rule, edition)}]"
        item.explanation.append(f"{rule['id']}: applied -> {item.decision}")
        return
    raise DiscloseError("the policy has no rule for some items: end config policy.yaml with a catch-all rule")


def apply_policy(
    findings: list[Finding], statements: list[Statement], context: Context, profile: str | None, settings: Settings
) -> None:
    """Decide every finding and statement, in place."""
    rules = settings.section("policy").get("rules", [])
    validate_rules(rules)
    profile_config = settings.section("purposes").get(profile, {}) if profile else {}
    facts = Facts(profile=profile_config, recipient_is_family=bool(profile_config.get("recipient_is_family")),
                  statements=SpansInOrder(statements), findings=findings)
    edition = str(settings.data.get("golden_rules_edition", "2018"))
    articles = {
        lexicon.get("entity_type"): {"article": lexicon.get("article", "")}
        for lexicon in settings.section("lexicons").values()
        if isinstance(lexicon, dict)
    }
    for item in [*findings, *statements]:
        decide_item(item, rules, facts, edition, articles)
    same_decision_everywhere(findings)


# How protective a decision is: where one value is decided differently in two places, the more protective wins.
PROTECTION = {"keep": 0, "review": 1, "redact": 2}


def same_decision_everywhere(findings: list[Finding]) -> None:
    """Give every mention of one person, and every occurrence of one identifier however it is spaced, the most
    protective decision any of them got: a value removed in one place and kept in another is not removed."""
    groups: dict[tuple, list[Finding]] = {}
    for finding in findings:
        if finding.kind != "personal":
            continue
        key = ("person", finding.person) if finding.entity_type == "PERSON" and finding.person else (
            finding.entity_type, "".join(ch for ch in finding.text.casefold() if ch.isalnum()))
        groups.setdefault(key, []).append(finding)
    def protection(finding: Finding) -> int:
        return PROTECTION.get(finding.decision or "keep", 0)

    for group in groups.values():
        strongest = max(group, key=protection)
        for finding in group:
            if protection(finding) < protection(strongest):
                finding.explanation.append(f"{finding.rule}: overridden, the same value is {strongest.decision} elsewhere")
                finding.decision, finding.rule = strongest.decision, "same-value-everywhere"
                finding.reason = (f"The same {finding.entity_type} is {strongest.decision} elsewhere in the letter "
                                  f"({strongest.reason}): a value is removed everywhere or nowhere")
