{# NetSuite currencies: a transaction names one by internal id; `symbol` is its ISO code. #}
with current_rows as (

    {{ connector_current_rows(source('netsuite', 'currency')) }}

),

final as (

    select
        id as currency_id,
        symbol as currency,
        _source_file,
        _line_number
    from current_rows

)

select * from final
