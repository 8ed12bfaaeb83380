{# What the next run learns from: the evidence this run learned from (int_remittances_confirmed)
   plus the pairs this run's matcher auto-applied. The findings step keeps it in
   history.match_evidence. The matcher never auto-applies a rejected pair, so no rejection needs
   removing here; a later rejection is applied when the next run reads the evidence. #}
with evidence_before as (

    select * from {{ ref('int_remittances_confirmed') }}

),

matches as (

    select * from {{ ref('int_remittances_matched') }}

),

bank_lines as (

    select * from {{ ref('stg_bank__statement_lines') }}

),

invoices as (

    select * from {{ ref('int_invoices_open_before_remittance') }}

),

new_auto_applied_pairs as (

    select matches.bank_txn_id, matches.invoice_id
    from matches
    left join evidence_before
        on matches.bank_txn_id = evidence_before.bank_txn_id
        and matches.invoice_id = evidence_before.invoice_id
    where matches.status = 'auto_applied'
        and evidence_before.bank_txn_id is null

),

auto_applied_now as (

    {{ remittance_pair_facts('new_auto_applied_pairs', 'bank_lines', 'invoices', 'auto_applied') }}

),

final as (

    select * from evidence_before
    union all
    select * from auto_applied_now

)

select * from final
