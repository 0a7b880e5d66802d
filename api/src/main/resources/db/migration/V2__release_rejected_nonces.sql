-- Nonce policy: a nonce is single-use per (origin chain, user) among intents that are live or
-- finished on chain. A rejected intent was never sent, so its nonce is unused on the settler and
-- is released for a new signed intent: the uniqueness holds only over intents not rejected.
alter table intents drop constraint intents_nonce_once;
create unique index intents_nonce_once on intents (origin_chain_id, user_address, nonce) where status <> 'rejected';
