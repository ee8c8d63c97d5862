"""Bundle import: read, validate and write bundle files (CSV folders or one JSON)."""

from graphprofile.errors import Problem
from graphprofile.importer.bundle import Bundle
from graphprofile.importer.csvio import cell, write_bundle
from graphprofile.importer.validate import Lookup, ValidationReport, validate

__all__ = ["Bundle", "Lookup", "Problem", "ValidationReport", "cell", "validate", "write_bundle"]
