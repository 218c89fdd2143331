"""Issued reports: the stored PDF of each confirmed assessment (added by the issuing work)."""
