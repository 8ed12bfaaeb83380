{# Customer cash received and not yet applied to an invoice, one row per bank credit line: what a
   general ledger keeps as unapplied receipts on the customer's account and nets against its AR.
   A line counts when the matcher or an analyst tied it to at least one invoice (auto_applied,
   confirmed, or a needs_review suggestion, with an amount: a suggestion of nothing ties nothing):
   the payer is a customer, whichever invoice the cash ends up on. Its unapplied amount (the line
   less what was auto-applied or confirmed: an overpayment's rest, or the whole line while its
   suggestions wait for review) is attributed to
   its lead invoice, the one with the largest allocation (then the smallest invoice_id), whose
   customer and segment it takes and whose issue-date rate converts it: the rate at which the AR
   it will settle is carried, so the net AR does not move when the analyst confirms. Not counted:
   lines tied to no invoice (suspense: no number, payer or amount recognised; interest, refunds,
   transfers), and lines explained as a processor payout (that cash was applied when the processor
   charged the invoices). A line left unmatched for an invoice billed in another currency (quoted
   by number, or its payer surely one customer with none open in the line's currency:
   other_currency_invoice_id; the matcher cannot compare the amounts) is that customer's cash too,
   all of it, converted at its own currency's rate of its value date: no rate ties it to the
   invoice's. #}
{% set reporting_currency = "'" ~ var('reporting_currency') ~ "'" %}

with remittance_matches as (

    select * from {{ ref('int_remittances_matched') }}

),

payout_lines as (

    select * from {{ ref('int_payouts_matched') }}

),

invoices as (

    select * from {{ ref('int_invoices_joined') }}

),

tied_allocations as (

    select
        bank_txn_id,
        invoice_id,
        currency,
        value_date,
        unapplied_amount,
        row_number() over (
            partition by bank_txn_id
            order by allocated_amount desc, invoice_id
        ) as allocation_rank
    from remittance_matches
    where invoice_id is not null
        and allocated_amount > 0
        and status in ('auto_applied', 'confirmed', 'needs_review')

),

lead_allocations as (

    select * from tied_allocations
    where allocation_rank = 1
        and unapplied_amount > 0

),

fx_rates as (

    select * from {{ ref('int_fx_rates_ranged') }}

),

other_currency_lines as (

    select
        remittance_matches.bank_txn_id,
        remittance_matches.value_date,
        remittance_matches.currency,
        remittance_matches.unapplied_amount,
        {{ round_money('remittance_matches.unapplied_amount * fx_rates.rate_to_reporting', reporting_currency) }}
            as unapplied_amount_reporting,
        remittance_matches.other_currency_invoice_id as lead_invoice_id
    from remittance_matches
    inner join fx_rates
        on fx_rates.currency = remittance_matches.currency
        and {{ fx_rate_applies('remittance_matches.value_date', 'fx_rates') }}
    where remittance_matches.status = 'unmatched'
        and remittance_matches.other_currency_invoice_id is not null
        and remittance_matches.unapplied_amount > 0

),

final as (

    select
        lead_allocations.bank_txn_id,
        lead_allocations.value_date,
        lead_allocations.currency,
        lead_allocations.unapplied_amount,
        {{ round_money('lead_allocations.unapplied_amount * invoices.rate_to_reporting', reporting_currency) }}
            as unapplied_amount_reporting,
        lead_allocations.invoice_id as lead_invoice_id,
        invoices.customer_id,
        invoices.segment
    from lead_allocations
    inner join invoices
        on invoices.invoice_id = lead_allocations.invoice_id
        and invoices.currency = lead_allocations.currency
    left join payout_lines
        on payout_lines.bank_txn_id = lead_allocations.bank_txn_id
    where payout_lines.bank_txn_id is null

    union all

    select
        other_currency_lines.bank_txn_id,
        other_currency_lines.value_date,
        other_currency_lines.currency,
        other_currency_lines.unapplied_amount,
        other_currency_lines.unapplied_amount_reporting,
        other_currency_lines.lead_invoice_id,
        invoices.customer_id,
        invoices.segment
    from other_currency_lines
    inner join invoices
        on invoices.invoice_id = other_currency_lines.lead_invoice_id

)

select * from final
