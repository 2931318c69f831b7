-- limits.operations_per_minute: one row per user, the clock minute being counted and the operations in it.
create table operation_rates (
    user_id    bigint      primary key references users (id) on delete cascade,
    minute     timestamptz not null,
    operations integer     not null
);
