-- Which engine each container lives on (Docker's /info ID). Rows written before this column existed stay null until
-- an instance whose engine holds their containers adopts them (at start-up, or when it lists them); a row is
-- forgotten only when the engine it names says its container is gone.
alter table containers add column engine_id text;
