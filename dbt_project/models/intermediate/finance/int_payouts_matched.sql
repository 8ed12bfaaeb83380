{# Processor payouts matched to the bank credit lines that received them (docs/cash_application.md,
   "Processor payouts"). A line is a candidate for a payout when it is in the payout's currency,
   booked within payout_bank_window_days of the payout's arrival date, not applied to invoices by
   the matcher, and its text (payer name and reference, upper-case letters and digits only) names
   the payout: its id (camt/BAI2 remittance, `po_...`), else its statement descriptor cut at 10
   characters (a US ACH payout carries 10: docs.stripe.com/payouts/statement-descriptors) when
   that leaves 5 letters or digits, else the processor (`STRIPE`, the default descriptor). Exact amounts pair first, in two rounds of
   mutual best candidates (strongest evidence, then fewest days apart); of what is left, a line
   pairs with a payout of another amount when it quotes the payout's id, or when each is the
   other's only candidate: a payout_amount_mismatch. #}
with bank_lines as (

    select
        bank_txn_id,
        value_date,
        amount,
        currency,
        {{ alphanumeric_upper(dbt.concat(["coalesce(payer_name, '')", "' '", "coalesce(reference, '')"])) }} as bank_text
    from {{ ref('stg_bank__statement_lines') }}
    where amount > 0

),

applied_lines as (

    select distinct bank_txn_id
    from {{ ref('int_remittances_matched') }}
    where status in ('auto_applied', 'confirmed')

),

payouts as (

    select
        payout_id,
        arrival_date,
        amount,
        currency,
        {{ alphanumeric_upper('payout_id') }} as payout_key,
        {{ alphanumeric_upper("substring(coalesce(statement_descriptor, ''), 1, 10)") }} as descriptor_key
    from {{ ref('stg_stripe__payout') }}
    where status not in ('failed', 'canceled')
        and amount > 0

),

named as (

    select
        bank_lines.bank_txn_id,
        payouts.payout_id,
        bank_lines.value_date,
        payouts.arrival_date,
        bank_lines.currency,
        bank_lines.amount as bank_amount,
        payouts.amount as payout_amount,
        case
            when {{ dbt.position('payouts.payout_key', 'bank_lines.bank_text') }} > 0 then 1
            when {{ dbt.length('payouts.descriptor_key') }} >= 5
                and {{ dbt.position('payouts.descriptor_key', 'bank_lines.bank_text') }} > 0 then 2
            when {{ dbt.position("'STRIPE'", 'bank_lines.bank_text') }} > 0 then 3
        end as evidence_rank,
        abs({{ dbt.datediff('payouts.arrival_date', 'bank_lines.value_date', 'day') }}) as days_apart
    from bank_lines
    inner join payouts
        on bank_lines.currency = payouts.currency
        and bank_lines.value_date between {{ add_days('payouts.arrival_date', -var('payout_bank_window_days')) }}
            and {{ add_days('payouts.arrival_date', var('payout_bank_window_days')) }}
    left join applied_lines
        on applied_lines.bank_txn_id = bank_lines.bank_txn_id
    where applied_lines.bank_txn_id is null

),

candidates as (

    select * from named where evidence_rank is not null

),

exact_candidates as (

    select * from candidates where bank_amount = payout_amount

),

exact_round_1 as (

    {{ mutual_best_pairs('exact_candidates', 'evidence_rank, days_apart') }}

),

exact_left as (

    select exact_candidates.*
    from exact_candidates
    where bank_txn_id not in (select bank_txn_id from exact_round_1)
        and payout_id not in (select payout_id from exact_round_1)

),

exact_round_2 as (

    {{ mutual_best_pairs('exact_left', 'evidence_rank, days_apart') }}

),

exact_pairs as (

    select * from exact_round_1
    union all
    select * from exact_round_2

),

unpaired as (

    select
        candidates.*,
        count(*) over (partition by bank_txn_id) as line_candidates,
        count(*) over (partition by payout_id) as payout_candidates
    from candidates
    where bank_txn_id not in (select bank_txn_id from exact_pairs)
        and payout_id not in (select payout_id from exact_pairs)

),

mismatch_eligible as (

    select *
    from unpaired
    where evidence_rank = 1 or (line_candidates = 1 and payout_candidates = 1)

),

mismatch_pairs as (

    {{ mutual_best_pairs('mismatch_eligible', 'evidence_rank, days_apart') }}

),

pairs as (

    select * from exact_pairs
    union all
    select * from mismatch_pairs

),

final as (

    select
        candidates.bank_txn_id,
        candidates.payout_id,
        candidates.value_date,
        candidates.arrival_date,
        candidates.currency,
        candidates.bank_amount,
        candidates.payout_amount,
        case candidates.evidence_rank when 1 then 'payout_id' when 2 then 'statement_descriptor' else 'processor_name' end
            as evidence,
        candidates.bank_amount = candidates.payout_amount as is_amount_match
    from candidates
    inner join pairs
        on pairs.bank_txn_id = candidates.bank_txn_id
        and pairs.payout_id = candidates.payout_id

)

select * from final
