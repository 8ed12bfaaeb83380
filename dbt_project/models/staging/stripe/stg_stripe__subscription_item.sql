with current_rows as (

    {{ connector_current_rows(source('stripe', 'subscription_item')) }}

),

final as (

    select
        id as subscription_item_id,
        subscription_id,
        coalesce(price_id, plan_id) as price_id,
        {{ quantity('quantity') }} as quantity,
        {{ to_timestamp('created') }} as created_at,
        _source_file,
        _line_number
    from current_rows

)

select * from final
