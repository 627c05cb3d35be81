"""Arabic dates and times, the same on pages, in the admin, in emails and in PDFs.

Django's Arabic locale leaves DATETIME_FORMAT and SHORT_DATETIME_FORMAT unset, so a date
with its time fell back to the English pattern ("يونيو 15, 2026, 10 ص"). These complete
it in Arabic order; the rest repeats Django's Arabic formats so one file says them all.
"""

DATE_FORMAT = "j F، Y"
TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "j F، Y، g:i A"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d‏/m‏/Y"
SHORT_DATETIME_FORMAT = "d‏/m‏/Y g:i A"
FIRST_DAY_OF_WEEK = 6  # Saturday
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
