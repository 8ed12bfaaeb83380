with current_rows as (

    {{ connector_current_rows(source('stripe', 'payment_method'), livemode=true) }}

),

final as (

    select
        id as payment_method_id,
        customer_id,
        lower(type) as type,
        {{ to_timestamp('created') }} as created_at,
        _source_file,
        _line_number
    from current_rows

)

select * from final
