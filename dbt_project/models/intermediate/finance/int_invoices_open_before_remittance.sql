{# What each receivable invoice still owes after processor payments only: the input of the
   remittance matcher (int_remittances_matched). A credit note (a negative total) keeps what is
   still to be used of it as a negative open amount, so a payment that deducts it can use it up;
   an invoice is never open for less than nothing, nor a note for more than its total. #}
with invoices as (

    select * from {{ ref('int_invoices_joined') }}

),

processor_payments as (

    select * from {{ ref('int_processor_payments_signed') }}

),

paid_per_invoice as (

    select
        invoices.invoice_id,
        sum(processor_payments.signed_amount) as processor_paid
    from invoices
    inner join processor_payments
        on processor_payments.invoice_id = invoices.invoice_id
        and processor_payments.currency = invoices.currency
    group by invoices.invoice_id

),

final as (

    select
        invoices.invoice_id,
        invoices.invoice_number,
        invoices.customer_id,
        invoices.customer_name,
        invoices.account_id,
        invoices.account_name,
        invoices.po_number,
        invoices.currency,
        invoices.total,
        invoices.tax_amount,
        invoices.tax_country,
        coalesce(paid_per_invoice.processor_paid, 0) as processor_paid,
        case
            when invoices.total < 0 then least(invoices.total - coalesce(paid_per_invoice.processor_paid, 0), 0)
            else greatest(invoices.total - coalesce(paid_per_invoice.processor_paid, 0), 0)
        end as open_amount,
        invoices.issued_at,
        invoices.due_date,
        invoices.status
    from invoices
    left join paid_per_invoice
        on paid_per_invoice.invoice_id = invoices.invoice_id

)

select * from final
