"""Leaders' reports: the daily log (民生诉求日志), the weekly and the monthly report.

- ``periods``: the day, week or month a report covers, its title;
- ``content``: what it says, counted with the dashboard's selectors;
- ``document``: the text as blocks; ``word``, ``pdf`` and ``excel`` write the files;
- ``services``: make a report (on demand or on schedule) and tell the leaders;
- ``selectors``: who reads which reports; ``forms``: asking for one.

Nothing is imported here: drawing and grouping hot issues load matplotlib, NumPy, SciPy
and scikit-learn, which the pages that only list reports need not load.
"""
