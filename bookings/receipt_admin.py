"""Admin for insurance receipts."""
