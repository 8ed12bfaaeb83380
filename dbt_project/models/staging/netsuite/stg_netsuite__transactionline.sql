{# NetSuite transaction lines, keyed by transaction and line id. Only an invoice's main line
   (mainline T) is read downstream: it carries the invoice's total and what is left to pay. #}
with current_rows as (

    {{ connector_current_rows(source('netsuite', 'transactionline'), key=['transaction', 'id']) }}

),

final as (

    select
        transaction as transaction_id,
        id as line_id,
        coalesce({{ to_boolean('mainline') }}, false) as is_mainline,
        {{ money('foreignamount') }} as amount,
        {{ money('foreignamountunpaid') }} as amount_unpaid,
        _source_file,
        _line_number
    from current_rows

)

select * from final
