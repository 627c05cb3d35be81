"""A person's rights over their data: an export of everything held, and erasure.

The platform orchestrates; each app says what it holds. An app registers, in its
``privacy.py``, a ``PersonalData`` part: what it exports for a person, what blocks an
erasure (a current ISC term), how it erases or anonymises its records, and which fields
of the audit trail's copies of its records hold the person's own data. The app that
keeps the people themselves (``members``) also registers the ``SubjectSource``: how a
person is found, locked and named. ``services.erase_person`` locks the person, asks every
part, erases with the audit trail suppressed, scrubs the trail's copies and records the
erasure itself — as pretix's data shredders do for an event.
"""
