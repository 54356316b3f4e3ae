"""Event mentions keep their place's span in the text and its feature class, so that a stored
event is the whole `Event` record (its place as `Place.to_dict()` gives it), not a summary.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_COLUMNS = (("place_text", sa.String), ("place_start", sa.Integer), ("place_end", sa.Integer),
            ("place_feature", sa.String))


def upgrade() -> None:
    for name, kind in _COLUMNS:
        op.add_column("event_mentions", sa.Column(name, kind))


def downgrade() -> None:
    with op.batch_alter_table("event_mentions") as batch:
        for name, _ in _COLUMNS:
            batch.drop_column(name)
