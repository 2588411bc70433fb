"""What an import keeps of its rows: the totals, and the first failing rows.

import-export keeps a RowResult for every row, holding the row's model instance, until the
import ends, so a city-wide file kept every record it read in memory twice. The registry's
report reads only the totals and the failing rows, and lists at most PROBLEMS_KEPT problems:
a file of 200,000 bad rows keeps that many rows and counts the others.
"""

from import_export.results import Result

from governance.spreadsheets.reading import PROBLEMS_KEPT


class LeanResult(Result):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: problems of invalid rows past the first PROBLEMS_KEPT rows, counted, not kept
        self.problems_not_kept = 0

    def append_row_result(self, row_result):
        if row_result.errors:
            self.rows.append(row_result)

    def row_errors(self):
        return [(error_row.number, error_row.errors) for error_row in self.error_rows]

    def append_invalid_row(self, number, row, validation_error):
        if len(self.invalid_rows) < PROBLEMS_KEPT:
            super().append_invalid_row(number, row, validation_error)
        else:
            self.problems_not_kept += sum(
                len(messages) for messages in validation_error.message_dict.values()
            )
