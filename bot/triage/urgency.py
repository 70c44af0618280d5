"""From findings to an urgency level and the red flags behind it."""
from __future__ import annotations

from dataclasses import dataclass, field

from bot.triage.catalogue import LEVELS, Catalogue, RedFlag, catalogue as default_catalogue
from bot.triage.detector import Detection, detect


def more_urgent(a: str, b: str) -> str:
    return a if LEVELS.index(a) >= LEVELS.index(b) else b


@dataclass
class TriageResult:
    level: str = "routine"
    flags: list[RedFlag] = field(default_factory=list)
    detection: Detection = field(default_factory=Detection)

    @property
    def is_red_flag(self) -> bool:
        return self.level != "routine"

    @property
    def reasons(self) -> list[str]:
        return [f.id for f in self.flags]

    @property
    def ruled_out(self) -> set[str]:
        return self.detection.ruled_out


def assess(message: str | None = None, *, detection: Detection | None = None,
           flag_ids: list[str] | None = None, cat: Catalogue | None = None) -> TriageResult:
    """Rate a message (or a detection, or red flags named by id, e.g. from a button)."""
    cat = cat or default_catalogue()
    detection = detection if detection is not None else detect(message, cat)
    fired = [f for f in cat.red_flags if any(t <= detection.affirmed for t in f.triggers)]
    for flag_id in flag_ids or []:
        flag = cat.flag(flag_id)
        if flag and flag not in fired:
            fired.append(flag)
    if not fired:
        return TriageResult(detection=detection)
    level = max((f.level for f in fired), key=LEVELS.index)
    # Most urgent first; within a level, catalogue order.
    fired.sort(key=lambda f: -LEVELS.index(f.level))
    return TriageResult(level=level, flags=fired, detection=detection)
