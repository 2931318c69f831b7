-- A container's name, chosen by its owner or generated: unique among the owner's own containers, so that every
-- /containers/{id}/... path can take it. Rows from before names are named after their id.
alter table containers add column name text;
update containers set name = 'c-' || left(id, 12) where name is null;
alter table containers alter column name set not null;
create unique index containers_owner_name on containers (owner_id, name);
