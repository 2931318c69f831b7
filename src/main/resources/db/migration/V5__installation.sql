-- One id per installation (one database, however many instances share it). Every container the service creates
-- carries it as a label, so the orphan sweeper only ever considers containers of its own installation, never those
-- of another installation (or test run) that uses the same engine.
create table installation (
    id        uuid    not null default gen_random_uuid(),
    singleton boolean not null default true primary key check (singleton)
);

insert into installation (singleton) values (true);
