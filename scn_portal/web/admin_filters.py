"""List filters of the admin with many values (countries): a drop-down, not a hundred links.

``SelectListFilter`` renders its choices as a ``<select>`` in a plain GET form with a
submit button: it works without JavaScript, keeps the other filters, the search and the
ordering of the list (as hidden fields), and loads nothing from elsewhere.
"""

from django.contrib import admin

# The admin's own stylesheet for lists: the drop-down filters, cells that wrap.
ADMIN_LIST_CSS = "css/admin-lists.css"


class SelectListFilter(admin.SimpleListFilter):
    template = "admin/filters/select.html"

    def choices(self, changelist):
        # The parameters the form carries over: every other filter, the search, the order
        # (never the page number, which the changelist has already dropped).
        self.kept_params = [
            (name, value)
            for name, values in sorted(changelist.filter_params.items())
            if name != self.parameter_name
            for value in values
        ]
        current = self.value() or ""
        values = ["", *(str(lookup) for lookup, _title in self.lookup_choices)]
        for value, choice in zip(values, super().choices(changelist), strict=True):
            yield {**choice, "value": value, "selected": value == current}
