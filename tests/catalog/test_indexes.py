"""Indexes chosen from EXPLAIN ANALYZE at 100,000 programs (docs/performance.md) serve their queries."""

import pytest
from django.db import connection
from django.http import QueryDict

from catalog.models import Program
from catalog.search.filters import ProgramFilter
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # Tiny test tables would be scanned whole and sorted; with both off the plan shows whether an index CAN
        # hand over the rows in order (then only ties are sorted, by an incremental sort).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("sort", "index"),
    [
        ("cost", "program_pub_cost_idx"),
        ("-cost", "program_pub_cost_desc_idx"),
        ("length", "program_pub_length_idx"),
        ("-length", "program_pub_length_desc_idx"),
    ],
)
def test_the_first_page_of_the_published_list_sorted_by_cost_or_length_reads_an_index(sort, index):
    if connection.vendor != "postgresql":
        pytest.skip("the plans checked are PostgreSQL's; SQLite builds the same partial indexes")
    for cost in (9000, None, 1200, 4500):
        ProgramFactory(cost=cost, cost_year=2025 if cost else None, length_months=12, status=Program.Status.PUBLISHED)
    queryset = ProgramFilter(QueryDict(f"sort={sort}"), queryset=Program.objects.published()).qs[:20]
    assert index in plan(queryset)
