"""Admin of ISC meetings, papers, minutes and their review."""
