"""catalogue and lossless findings

The rule set a round was scored with and its indicator catalogue; a
finding's detail and its cues with their words.

Revision ID: 0003_catalogue
Revises: 0002_review
Create Date: 2026-12-07 05:50:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0003_catalogue'
down_revision = '0002_review'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ruleset',
    sa.Column('hash', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('engine_version', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('catalogue', sa.JSON(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('hash')
    )
    with op.batch_alter_table('review_round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ruleset_hash', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.add_column(sa.Column('detail', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('cue_details', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.drop_column('cue_details')
        batch_op.drop_column('detail')
    with op.batch_alter_table('review_round', schema=None) as batch_op:
        batch_op.drop_column('ruleset_hash')
    op.drop_table('ruleset')
