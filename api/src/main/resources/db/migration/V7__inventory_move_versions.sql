-- The earlier versions of a move's warp transfer (signed raw transactions, oldest first) that a fee bump or a
-- fresh nonce replaced while they were not mined. Any of them may still be mined, so each is looked for before
-- the transfer goes out again, and the one mined becomes the move's tx_hash.
alter table inventory_moves add column replaced_raw text[] not null default '{}';
