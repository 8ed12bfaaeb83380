{# Names of QuickBooks payment methods (Cash, Check, Visa, ...); the table is optional. #}
with current_rows as (

    {{ connector_current_rows(source('quickbooks', 'payment_method')) }}

),

final as (

    select
        id as payment_method_id,
        name,
        type,
        _source_file,
        _line_number
    from current_rows

)

select * from final
