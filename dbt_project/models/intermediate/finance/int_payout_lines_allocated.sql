{# A bank line that received a processor payout, explained as allocations in the shape of the
   matcher's (fct_remittance_matches): one row per invoice the payout's charges, refunds and
   disputes were for, with their net (amount - fee) in the payout's currency, and one row without
   an invoice for the rest of the payout (fees, charges for no invoice, other adjustments, and
   whatever the balance transactions do not account for), so the rows add up to the payout's
   amount. Status payout_traced, rule processor_payout. This explains the bank line; the cash was
   applied to those invoices when the processor charged them (int_processor_payments_signed), and
   is not applied again. #}
with matched as (

    select * from {{ ref('int_payouts_matched') }}

),

traced as (

    select * from {{ ref('int_payout_transactions_traced') }}

),

per_invoice as (

    select
        payout_id,
        invoice_id,
        sum(net) as net,
        sum(case when kind = 'charge' then amount else 0 end) as charged,
        sum(case when kind = 'refund' then -amount else 0 end) as refunded,
        sum(case when kind = 'dispute' then -amount else 0 end) as disputed,
        sum(fee) as fees,
        count(*) as items
    from traced
    where invoice_id is not null
    group by payout_id, invoice_id

),

per_payout as (

    select
        matched.payout_id,
        coalesce(sum(traced.net), 0) as traced_net,
        coalesce(sum(case when traced.invoice_id is not null then traced.net end), 0) as invoice_net,
        coalesce(sum(case when traced.balance_transaction_id is not null and traced.invoice_id is null
                          then traced.net end), 0) as other_net,
        count(traced.balance_transaction_id) - count(traced.invoice_id) as other_items,
        count(traced.invoice_id) as invoice_items
    from matched
    left join traced
        on traced.payout_id = matched.payout_id
    group by matched.payout_id

),

line_text as (

    select
        matched.*,
        {{ dbt.concat([
            "'payout '", "matched.payout_id",
            "' arriving '", text('matched.arrival_date'),
            "' (bank text names its '", "replace(matched.evidence, '_', ' ')",
            "'; '", "case when matched.is_amount_match then 'amount exact' else "
                ~ dbt.concat(["'payout amount '", money_text('matched.payout_amount', 'matched.currency'),
                              "', received '", money_text('matched.bank_amount', 'matched.currency')]) ~ " end",
            "')'"
        ]) }} as payout_text
    from matched

),

invoice_rows as (

    select
        line_text.bank_txn_id,
        per_invoice.invoice_id,
        per_invoice.net as allocated_amount,
        line_text.payout_text,
        {{ dbt.concat([
            "': charged '", money_text('per_invoice.charged', 'line_text.currency'),
            "', refunded '", money_text('per_invoice.refunded', 'line_text.currency'),
            "', disputed '", money_text('per_invoice.disputed', 'line_text.currency'),
            "', fees '", money_text('per_invoice.fees', 'line_text.currency'),
            "' for this invoice ('", text('per_invoice.items'), "' balance transactions); the cash was applied when the processor charged it'"
        ]) }} as detail_tail
    from line_text
    inner join per_invoice
        on per_invoice.payout_id = line_text.payout_id

),

rest_rows as (

    select
        line_text.bank_txn_id,
        cast(null as {{ dbt.type_string() }}) as invoice_id,
        line_text.payout_amount - per_payout.invoice_net as allocated_amount,
        line_text.payout_text,
        {{ dbt.concat([
            "': not for an invoice: '", text('per_payout.other_items'),
            "' balance transactions (fees, charges for no invoice, adjustments) net '",
            money_text('per_payout.other_net', 'line_text.currency'),
            "'; all balance transactions net '", money_text('per_payout.traced_net', 'line_text.currency'),
            "' of a payout of '", money_text('line_text.payout_amount', 'line_text.currency')
        ]) }} as detail_tail
    from line_text
    inner join per_payout
        on per_payout.payout_id = line_text.payout_id
    where line_text.payout_amount <> per_payout.invoice_net
        or per_payout.invoice_items = 0

),

allocations as (

    select * from invoice_rows
    union all
    select * from rest_rows

),

final as (

    select
        allocations.bank_txn_id,
        allocations.invoice_id,
        cast(allocations.allocated_amount as decimal(18, 3)) as allocated_amount,
        line_text.currency,
        'processor_payout' as match_rule,
        cast(1.0 as double) as confidence,
        'payout_traced' as status,
        line_text.value_date,
        cast(case when line_text.bank_amount > line_text.payout_amount
                  then line_text.bank_amount - line_text.payout_amount else 0 end as decimal(18, 3)) as unapplied_amount,
        {{ dbt.concat(['allocations.payout_text', 'allocations.detail_tail']) }} as detail
    from allocations
    inner join line_text
        on line_text.bank_txn_id = allocations.bank_txn_id

)

select * from final
