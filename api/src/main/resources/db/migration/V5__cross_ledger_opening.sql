-- The balances the cross-rollup ledger opened with: what the settlers and fee accounts held on chain
-- when this ledger first reconciled (paid by orders of an earlier ledger, or by anyone outside it).
-- One row, written once in the same transaction as the opening lines (booking status 'opening',
-- each holding against the 'opening' equity account); from then on every wei is the ledger's own.
create table cross_ledger_opening (
    id      int           primary key check (id = 1),
    booking uuid          not null,
    blocks  text          not null,
    at      timestamptz   not null default now()
);
