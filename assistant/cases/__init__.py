"""Cases: an investigator's work kept per case (turns, pins, notes, decisions) and exported.

Why: the workspace forgot everything on refresh and a case note held one answer. A case is now a
row in the data dir's `cases.sqlite` (store.py) read and changed only through service.py, where the
clearance rule (access.py) and the audit log meet; export.py/pdf.py write the case file.
"""
