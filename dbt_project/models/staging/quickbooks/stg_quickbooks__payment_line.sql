{# The lines of QuickBooks payments: each applies part of a payment to one invoice (invoice_id) or
   takes a credit memo's credit into it (credit_memo_id). Fivetran keys them by payment and index. #}
with current_rows as (

    {{ connector_current_rows(source('quickbooks', 'payment_line'), key=['payment_id', 'index']) }}

),

final as (

    select
        payment_id,
        index as line_index,
        invoice_id,
        credit_memo_id,
        {{ money('amount') }} as amount,
        _source_file,
        _line_number
    from current_rows

)

select * from final
