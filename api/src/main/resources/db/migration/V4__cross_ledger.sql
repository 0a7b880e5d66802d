-- The cross-rollup ledger: double-entry lines per step of an order (opened, filled) or per settlement
-- message (released, refunded), booked in the same transaction as the step. Each booking's lines sum
-- to zero per (chain, token).
alter table cross_orders add column filler text;

create table cross_ledger (
    id        bigserial primary key,
    booking   uuid          not null,
    order_row uuid          references cross_orders (id),
    status    text          not null,
    chain_id  bigint        not null,
    token     text          not null,
    account   text          not null,
    role      text          not null,
    delta     numeric(78,0) not null,
    at        timestamptz   not null default now()
);
create index cross_ledger_by_holding on cross_ledger (chain_id, token, account);
create index cross_ledger_by_booking on cross_ledger (booking);
