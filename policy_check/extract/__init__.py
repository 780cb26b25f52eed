"""The reading layer: any policy file (.docx, .pdf, .txt, .md, .html) becomes one Document."""

from policy_check.extract.files import find_policy_files
from policy_check.extract.read import read_document, read_text

__all__ = ["find_policy_files", "read_document", "read_text"]
