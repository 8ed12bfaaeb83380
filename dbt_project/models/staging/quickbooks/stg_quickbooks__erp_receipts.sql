{# QuickBooks payment lines applied to invoices as erp.receipts (stg_erp__receipts unions them):
   one receipt per line with an invoice_id, receipt_id `<payment id>-<line index>`. received_at:
   the payment's transaction date, else when it was entered. method: the payment method's name,
   else its id; `credit_memo` when the payment carries no money (total 0) and takes a credit memo's
   credit (QuickBooks applies a credit memo to an invoice through such a payment). A line whose
   payment was deleted is left out with it; a line whose payment is not in the payment table at all
   is kept, without date and method. #}
with lines as (

    select * from {{ ref('stg_quickbooks__payment_line') }}

),

payments as (

    select * from {{ ref('stg_quickbooks__payment') }}

),

synced_payments as (

    select distinct id as payment_id from {{ source('quickbooks', 'payment') }}

),

credit_payments as (

    select distinct payment_id from lines where credit_memo_id is not null

),

methods as (

    select * from {{ ref('stg_quickbooks__payment_method') }}

),

final as (

    select
        {{ dbt.concat(['lines.payment_id', "'-'", 'lines.line_index']) }} as receipt_id,
        lines.invoice_id as erp_invoice_id,
        lines.amount,
        coalesce({{ to_timestamp('payments.transaction_date') }}, payments.created_at) as received_at,
        case
            when payments.total_amount = 0 and credit_payments.payment_id is not null then 'credit_memo'
            else coalesce(methods.name, payments.payment_method_id)
        end as method,
        lines._source_file,
        lines._line_number
    from lines
    left join payments
        on lines.payment_id = payments.payment_id
    left join synced_payments
        on lines.payment_id = synced_payments.payment_id
    left join credit_payments
        on lines.payment_id = credit_payments.payment_id
    left join methods
        on payments.payment_method_id = methods.payment_method_id
    where lines.invoice_id is not null
        and (payments.payment_id is not null or synced_payments.payment_id is null)

)

select * from final
