"""Indexes the supervisor's board reads at a million tasks (docs/performance.md, issue #13).

They sit on casework's tables, which supervision reads but does not own: plain SQL that both
SQLite and PostgreSQL understand (partial indexes), no model state, dropped on the way back.
- the few suspended cases, so the board's count leaves them out without a join over every
  open task;
- open case clocks by due time, as casework already has for open tasks;
- open tasks by department and due time: a department leader's board, the department filter
  and the board sorted by department;
- credit records by the times they were entered and changed: the feed's incremental pull.
"""

from django.db import migrations

INDEXES = {
    "supervision_case_suspended_idx": ("casework_case (id) WHERE suspended_at IS NOT NULL"),
    "supervision_clock_open_due_idx": "casework_caseclock (due_at) WHERE is_open",
    "supervision_task_dept_due_idx": "casework_casetask (department_id, due_at) WHERE is_open",
    "supervision_record_created_idx": "records_creditrecord (created_at)",
    "supervision_record_updated_idx": "records_creditrecord (updated_at)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0001_half_year_reports"),
        ("casework", "0004_history_and_tasks_protect"),
        ("records", "0006_record_block"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {definition}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, definition in INDEXES.items()
    ]
