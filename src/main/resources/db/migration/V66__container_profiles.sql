-- The profile a container was created with and its size, summed over running containers for the budgets
-- limits.running_cpus and limits.running_memory. Rows from before profiles have none: they count at the default
-- profile's size.
alter table containers add column profile text;
alter table containers add column cpus_milli bigint;
alter table containers add column memory_bytes bigint;
