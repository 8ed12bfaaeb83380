{# Every line of a non-void invoice with the invoice's header, the contract the invoice bills
   and the scheduled contract period that holds the line's period start (the invoice's when the
   line has none). A usage line's period is the usage period it bills, which may be earlier
   than the invoice's own. Lines of invoices that map to no contract keep a null contract. #}

with invoices as (

    select * from {{ ref('stg_billing__invoices') }}
    where status <> 'void'

),

invoice_lines as (

    select * from {{ ref('stg_billing__invoice_lines') }}

),

invoice_contracts as (

    select * from {{ ref('int_invoices_mapped_to_contracts') }}

),

periods as (

    select * from {{ ref('int_contract_periods_scheduled') }}

),

lines_with_invoice as (

    select
        invoice_lines.invoice_line_id,
        invoice_lines.invoice_id,
        invoices.invoice_number,
        invoices.customer_id,
        invoices.status as invoice_status,
        invoices.issued_at,
        invoices.currency,
        invoice_contracts.contract_id,
        invoice_lines.product_code,
        invoice_lines.charge_type,
        coalesce(invoice_lines.period_start, invoices.period_start) as line_period_start,
        coalesce(invoice_lines.period_end, invoices.period_end) as line_period_end,
        invoice_lines.quantity,
        invoice_lines.unit_price,
        coalesce(invoice_lines.discount_amount, 0) as discount_amount,
        invoice_lines.amount,
        invoice_lines.tax_amount
    from invoice_lines
    inner join invoices
        on invoice_lines.invoice_id = invoices.invoice_id
    left join invoice_contracts
        on invoice_lines.invoice_id = invoice_contracts.invoice_id

),

final as (

    select
        lines_with_invoice.*,
        periods.period_start as scheduled_period_start,
        periods.period_end as scheduled_period_end
    from lines_with_invoice
    left join periods
        on lines_with_invoice.contract_id = periods.contract_id
        and lines_with_invoice.line_period_start between periods.period_start and periods.period_end

)

select * from final
