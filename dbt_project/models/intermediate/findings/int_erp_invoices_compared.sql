{# erp_missing_invoice / erp_amount_mismatch / erp_status_mismatch / erp_orphan_invoice: billing
   invoices and ERP invoices matched on external_ref = invoice_number (ignoring case and spaces;
   when the ERP holds several rows for one number, the latest posted is compared).
   - missing: a non-void, non-draft billing invoice issued more than the posting lag days before
     as_of with no ERP invoice, judged only when the ERP extract holds invoices at all (a landing
     without one, a company that sends no ERP data, is not told every invoice is missing);
   - amount: the ERP amount differs from the billing total by more than one minor unit;
   - status: paid / void / open (open and uncollectible) disagree;
   - orphan: an ERP invoice that matches no billing invoice. #}

with billing_invoices as (

    select
        *,
        {{ normalized_reference('invoice_number') }} as reference,
        case status when 'paid' then 'paid' when 'void' then 'void' else 'open' end as erp_equivalent_status
    from {{ ref('stg_billing__invoices') }}
    where status <> 'draft'

),

erp_invoices as (

    select
        *,
        {{ normalized_reference('external_ref') }} as reference
    from {{ ref('stg_erp__invoices') }}

),

latest_erp_invoices as (

    select *
    from (
        select
            erp_invoices.*,
            row_number() over (partition by reference order by posted_at desc, erp_invoice_id desc) as recency
        from erp_invoices
        where reference is not null
    ) as ranked
    where recency = 1

),

missing as (

    select
        {{ finding_draft(
            exception_type="'erp_missing_invoice'",
            natural_key='billing_invoices.invoice_id',
            customer_id='billing_invoices.customer_id',
            invoice_id='billing_invoices.invoice_id',
            period_start='billing_invoices.period_start',
            period_end='billing_invoices.period_end',
            amount_at_risk='billing_invoices.total',
            currency='billing_invoices.currency',
            fx_date='cast(billing_invoices.issued_at as date)',
            details=dbt.concat([
                "'Invoice '", 'coalesce(billing_invoices.invoice_number, billing_invoices.invoice_id)',
                "' ('", money_text('billing_invoices.total', 'billing_invoices.currency'), "' '", 'billing_invoices.currency',
                "', '", 'billing_invoices.status', "', issued '", text('cast(billing_invoices.issued_at as date)'),
                "') is not in the ERP, more than the '", text(var('erp_posting_lag_days')), "' posting lag days after it was issued.'"
            ]),
        ) }}
    from billing_invoices
    left join latest_erp_invoices
        on billing_invoices.reference = latest_erp_invoices.reference
    where latest_erp_invoices.erp_invoice_id is null
        and billing_invoices.status <> 'void'
        and {{ dbt.datediff('cast(billing_invoices.issued_at as date)', as_of_date(), 'day') }} > {{ var('erp_posting_lag_days') }}
        and exists (select 1 from erp_invoices)

),

matched as (

    select
        billing_invoices.invoice_id,
        billing_invoices.invoice_number,
        billing_invoices.customer_id,
        billing_invoices.period_start,
        billing_invoices.period_end,
        billing_invoices.issued_at,
        billing_invoices.currency,
        billing_invoices.total,
        billing_invoices.status,
        billing_invoices.erp_equivalent_status,
        latest_erp_invoices.erp_invoice_id,
        latest_erp_invoices.amount as erp_amount,
        latest_erp_invoices.currency as erp_currency,
        latest_erp_invoices.status as erp_status
    from billing_invoices
    inner join latest_erp_invoices
        on billing_invoices.reference = latest_erp_invoices.reference

),

amount_mismatches as (

    select
        {{ finding_draft(
            'customer_id', 'invoice_id', 'erp_invoice_id', 'period_start', 'period_end', 'currency',
            exception_type="'erp_amount_mismatch'",
            natural_key='invoice_id',
            amount_at_risk='abs(total - erp_amount)',
            fx_date='cast(issued_at as date)',
            details=dbt.concat([
                "'ERP invoice '", 'erp_invoice_id', "' for '", 'coalesce(invoice_number, invoice_id)',
                "' is posted at '", money_text('erp_amount', 'currency'), "' '", "coalesce(erp_currency, '?')",
                "'; billing total is '", money_text('total', 'currency'), "' '", 'currency', "'.'"
            ]),
        ) }}
    from matched
    where not (status = 'void' and erp_status = 'void')
        and (abs(total - erp_amount) > {{ one_minor_unit('currency') }} or coalesce(erp_currency <> currency, false))

),

status_mismatches as (

    select
        {{ finding_draft(
            'customer_id', 'invoice_id', 'erp_invoice_id', 'period_start', 'period_end', 'currency',
            exception_type="'erp_status_mismatch'",
            natural_key='invoice_id',
            amount_at_risk='total',
            fx_date='cast(issued_at as date)',
            details=dbt.concat([
                "'Invoice '", 'coalesce(invoice_number, invoice_id)', "' ('", money_text('total', 'currency'), "' '", 'currency',
                "') is '", 'status', "' in billing but '", 'erp_status', "' in the ERP (invoice '", 'erp_invoice_id', "').'"
            ]),
        ) }}
    from matched
    where erp_status <> erp_equivalent_status

),

orphans as (

    select
        {{ finding_draft(
            exception_type="'erp_orphan_invoice'",
            natural_key='erp_invoices.erp_invoice_id',
            erp_invoice_id='erp_invoices.erp_invoice_id',
            amount_at_risk='erp_invoices.amount',
            currency='erp_invoices.currency',
            fx_date='cast(erp_invoices.posted_at as date)',
            details=dbt.concat([
                "'ERP invoice '", 'erp_invoices.erp_invoice_id', "' ('", money_text('erp_invoices.amount', 'erp_invoices.currency'),
                "' '", "coalesce(erp_invoices.currency, '?')", "', '", 'erp_invoices.status', "', customer '",
                "coalesce(erp_invoices.customer_ref, '?')", "') has '",
                "case when erp_invoices.external_ref is null then 'no external_ref' else 'external_ref ' || erp_invoices.external_ref || ', which is no billing invoice number' end",
                "'.'"
            ]),
        ) }}
    from erp_invoices
    left join billing_invoices
        on erp_invoices.reference = billing_invoices.reference
    where billing_invoices.invoice_id is null

),

final as (

    select * from missing
    union all
    select * from amount_mismatches
    union all
    select * from status_mismatches
    union all
    select * from orphans

)

select * from final
