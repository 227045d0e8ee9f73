"""verdict tables: adjudications and conclusions

Revision ID: 0004_adjudication
Revises: 0003_catalogue
Create Date: 2026-12-07 05:40:00.000000
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0004_adjudication'
down_revision = '0003_catalogue'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('adjudication',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('indicator', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('value', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('adjudicator', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('decided_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['citizen_case.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id', 'indicator')
    )
    with op.batch_alter_table('adjudication', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_adjudication_case_id'), ['case_id'], unique=False)

    op.create_table('conclusion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('topic', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('author', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('written_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['review_round.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('round_id', 'topic')
    )
    with op.batch_alter_table('conclusion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conclusion_round_id'), ['round_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('conclusion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conclusion_round_id'))
    op.drop_table('conclusion')
    with op.batch_alter_table('adjudication', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_adjudication_case_id'))
    op.drop_table('adjudication')
