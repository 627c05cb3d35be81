"""Plain data for ``manage.py seed_demo``: regions, priorities, principles, organisations, cities.

Nothing here touches the database; ``members/demo.py`` reads these lists and upserts them.
The cities are real places with approximate coordinates and populations, but every
membership status, date, contact and ISC seat the seed gives them is invented demo data.
"""
