{# Stripe invoices as billing.invoices. The service period is the lines' (the first line's start to
   the last line's inclusive end), not invoice.period_start/end (Stripe's billing-cycle window);
   metered usage lines count only when the invoice has no other line, because Stripe bills usage in
   arrears (a subscription's invoice bills the next period's seats and the last period's usage); an
   invoice without lines falls back to that window. The PO number is
   invoice.metadata[stripe_po_number_key] (default po_number). subtotal is before every discount and
   tax (the sum of the contract lines' amounts and discounts: Stripe's line amounts, which are
   before discounts, less any inclusive tax in them; Stripe's own subtotal is after line discounts),
   discount_amount the lines' discounts (which hold the invoice-level discounts spread over them)
   plus any invoice-level discount no line could take, tax_amount Stripe's tax (inclusive and
   exclusive), total Stripe's total. issued_at: created, else
   finalized, else the cycle's end (stg_stripe__invoice). An invoice Stripe charges automatically
   has no due date: it is due when issued. One sent for payment (send_invoice) is delivered by
   email when finalized. #}
with invoices as (

    select * from {{ ref('stg_stripe__invoice') }}

),

contract_lines as (

    select
        invoice_id,
        coalesce(min(case when charge_type <> 'usage' then period_start end), min(period_start)) as period_start,
        coalesce(max(case when charge_type <> 'usage' then period_end end), max(period_end)) as period_end,
        sum(amount + coalesce(discount_amount, 0)) as gross_amount,
        sum(discount_amount) as line_discount_amount
    from {{ ref('stg_stripe__billing_invoice_lines') }}
    group by invoice_id

),

{# an invoice-level discount on an invoice without a discountable line #}
unspread_discounts as (

    select invoice_id, sum(invoice_discount_minor) as discount_minor
    from {{ ref('stg_stripe__invoice_line_discounts') }}
    where invoice_line_item_id is null
    group by invoice_id

),

final as (

    select
        invoices.invoice_id,
        invoices.invoice_number,
        invoices.customer_id,
        invoices.subscription_id,
        coalesce(contract_lines.period_start, cast(invoices.billing_cycle_start_at as date)) as period_start,
        coalesce(contract_lines.period_end,
                 {{ stripe_period_end('invoices.billing_cycle_start_at', 'invoices.billing_cycle_end_at') }})
            as period_end,
        invoices.issued_at,
        case when invoices.collection_method = 'send_invoice' then invoices.finalized_at end as delivered_at,
        case when invoices.collection_method = 'send_invoice' and invoices.finalized_at is not null
            then 'email' end as delivery_channel,
        coalesce(cast(invoices.due_at as date), cast(invoices.issued_at as date)) as due_date,
        invoices.currency,
        coalesce(cast(contract_lines.gross_amount as decimal(18, 3)), invoices.subtotal) as subtotal,
        case when contract_lines.line_discount_amount is not null or unspread_discounts.discount_minor is not null
            then cast(coalesce(contract_lines.line_discount_amount, 0)
                      + coalesce({{ stripe_amount('unspread_discounts.discount_minor', 'invoices.currency') }}, 0)
                      as decimal(18, 3))
        end as discount_amount,
        invoices.tax as tax_amount,
        invoices.total,
        invoices.status,
        {{ metadata_value('invoices.metadata', var('stripe_po_number_key')) }} as po_number,
        invoices._source_file,
        invoices._line_number
    from invoices
    left join contract_lines
        on invoices.invoice_id = contract_lines.invoice_id
    left join unspread_discounts
        on invoices.invoice_id = unspread_discounts.invoice_id

)

select * from final
