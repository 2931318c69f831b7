-- Registrations per client address in the last hour (auth.registrations_per_hour), shared by every instance. Rows
-- older than the hour are deleted as new ones come.
create table registration_attempts (
    id         bigint generated always as identity primary key,
    address    text        not null,
    created_at timestamptz not null default now()
);

create index registration_attempts_by_address on registration_attempts (address, created_at);
create index registration_attempts_by_time on registration_attempts (created_at);
