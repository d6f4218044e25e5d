"""The typed form of `modellint --format json` (docs/json-schema.md, version 1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Mapping, Optional, Tuple

Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True)
class Related:
    """Another place a finding involves: the producer of a bad value, the solver line."""

    file: str
    line: Optional[int]
    column: Optional[int]
    message: str


@dataclass(frozen=True)
class Finding:
    """What a rule reports, positioned at the node (or the field) it is about.

    ``line`` and ``column`` are 1-based and None in a binary model (``.onnx``),
    where ``byte_range`` is the node's place. ``node`` is the node's name as
    the file (the exporter) wrote it; ``source_module`` is the PyTorch module
    the node came from (``encoder.layer3.conv1``) where the exporter recorded
    it, else None.
    """

    code: str
    name: str
    severity: Severity
    message: str
    file: str
    line: Optional[int]
    column: Optional[int]
    end_line: Optional[int]
    end_column: Optional[int]
    byte_range: Optional[Tuple[int, int]]
    node: Optional[str]
    source_module: Optional[str]
    evidence: Tuple[str, ...]
    fix: Optional[str]
    related: Tuple[Related, ...]

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.file, self.line, self.column) if part is not None)
        return f"{where}: {self.severity}: {self.message} [{self.code}]"


@dataclass(frozen=True)
class Summary:
    """Counts of findings by severity, of files that could not be read, and of
    dangerous operations neither proved safe nor shown to go wrong."""

    errors: int
    warnings: int
    notes: int
    unreadable_files: int
    unproven: int


@dataclass(frozen=True)
class Diagnostic:
    """modellint's own message about a file: ``error`` when it could not be read."""

    severity: Severity
    message: str
    file: str
    line: Optional[int]
    column: Optional[int]

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.file, self.line, self.column) if part is not None)
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Report:
    """Everything one run of the linter found.

    ``findings`` are in the order of the text output; ``proofs`` and
    ``unproven`` are filled only when asked for (``show_proofs``,
    ``show_unproven``).
    """

    version: str
    files_linted: int
    summary: Summary
    findings: Tuple[Finding, ...]
    proofs: Tuple[Finding, ...]
    unproven: Tuple[Finding, ...]
    diagnostics: Tuple[Diagnostic, ...]

    @property
    def errors(self) -> Tuple[Finding, ...]:
        """The findings of severity ``error``."""
        return tuple(finding for finding in self.findings if finding.severity == "error")

    @property
    def warnings(self) -> Tuple[Finding, ...]:
        """The findings of severity ``warning``."""
        return tuple(finding for finding in self.findings if finding.severity == "warning")

    @classmethod
    def from_json(cls, document: Mapping[str, Any]) -> "Report":
        """Reads the object ``modellint --format json`` writes."""
        if document.get("version") != 1:
            raise ValueError(f"modellint wrote JSON schema version {document.get('version')!r}; this module reads version 1")
        return cls(
            version=document["tool"]["version"],
            files_linted=document["files_linted"],
            summary=Summary(**document["summary"]),
            findings=tuple(_finding(item) for item in document["findings"]),
            proofs=tuple(_finding(item) for item in document["proofs"]),
            unproven=tuple(_finding(item) for item in document["unproven"]),
            diagnostics=tuple(Diagnostic(**item) for item in document["diagnostics"]),
        )


def _finding(item: Mapping[str, Any]) -> Finding:
    byte_range = item.get("byte_range")
    return Finding(
        code=item["code"],
        name=item["name"],
        severity=item["severity"],
        message=item["message"],
        file=item["file"],
        line=item["line"],
        column=item["column"],
        end_line=item["end_line"],
        end_column=item["end_column"],
        byte_range=(byte_range["start"], byte_range["end"]) if byte_range else None,
        node=item["node"],
        # Added to schema version 1 with the Python API; absent from older binaries.
        source_module=item.get("source_module"),
        evidence=tuple(item["evidence"]),
        fix=item["fix"],
        related=tuple(Related(**related) for related in item["related"]),
    )
