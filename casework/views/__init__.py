"""Casework views: association (caseload, case), landlord, partner services, household space."""
