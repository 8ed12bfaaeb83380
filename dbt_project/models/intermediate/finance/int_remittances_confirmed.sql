{# The matches the payer habits are learned from, known before this run's matcher runs (its own
   output cannot feed its input: int_remittances_evidenced, after it, is what the next run reads):
   pairs an analyst confirmed in the decisions file as it stands now, and pairs earlier runs
   auto-applied or saw confirmed (history.match_evidence, kept after the bank line has left the
   landing folder). A pair whose latest decision is a rejection is no evidence, whenever it was
   applied. One row per (bank line, invoice), with the payment's and the invoice's facts. #}
with decisions as (

    select * from {{ ref('stg_history__decisions') }}

),

bank_lines as (

    select * from {{ ref('stg_bank__statement_lines') }}

),

invoices as (

    select * from {{ ref('int_invoices_open_before_remittance') }}

),

kept_before as (

    select * from {{ ref('stg_history__match_evidence') }}

),

pair_decisions as (

    select
        bank_txn_id,
        invoice_id,
        decision,
        row_number() over (partition by bank_txn_id, invoice_id order by file_order desc) as recency
    from decisions
    where decision in ('confirm_match', 'reject_match')

),

latest_pair_decisions as (

    select bank_txn_id, invoice_id, decision
    from pair_decisions
    where recency = 1

),

confirmed_pairs as (

    select bank_txn_id, invoice_id
    from latest_pair_decisions
    where decision = 'confirm_match'

),

confirmed_now as (

    {{ remittance_pair_facts('confirmed_pairs', 'bank_lines', 'invoices', 'confirmed') }}

),

candidates as (

    select *, 1 as source_order from confirmed_now
    union all
    select *, 2 as source_order from kept_before

),

ranked as (

    select
        *,
        row_number() over (partition by bank_txn_id, invoice_id order by source_order) as preference
    from candidates

),

final as (

    select
        ranked.bank_txn_id,
        ranked.invoice_id,
        ranked.customer_id,
        ranked.currency,
        ranked.payer_name,
        ranked.reference,
        ranked.line_amount,
        ranked.invoice_open_amount,
        ranked.value_date,
        ranked.due_date,
        case
            when latest_pair_decisions.decision = 'confirm_match' then 'confirmed'
            else ranked.evidence
        end as evidence
    from ranked
    left join latest_pair_decisions
        on ranked.bank_txn_id = latest_pair_decisions.bank_txn_id
        and ranked.invoice_id = latest_pair_decisions.invoice_id
    where ranked.preference = 1
        and coalesce(latest_pair_decisions.decision, '') <> 'reject_match'

)

select * from final
