with source as (

    select * from {{ source('billing', 'usage_events') }}

),

final as (

    select
        event_id,
        customer_id,
        product_code,
        {{ quantity('quantity') }} as quantity,
        {{ to_timestamp('occurred_at') }} as occurred_at,
        _source_file,
        _line_number
    from source

)

select * from final
