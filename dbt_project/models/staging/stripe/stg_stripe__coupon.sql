with current_rows as (

    {{ connector_current_rows(source('stripe', 'coupon'), livemode=true) }}

),

final as (

    select
        id as coupon_id,
        name,
        lower(duration) as duration,
        cast(duration_in_months as {{ dbt.type_int() }}) as duration_in_months,
        currency,
        {{ stripe_amount('amount_off', 'currency') }} as amount_off,
        {{ percentage('percent_off') }} as percent_off,
        {{ to_boolean('valid') }} as is_valid,
        {{ to_timestamp('created') }} as created_at,
        _source_file,
        _line_number
    from current_rows

)

select * from final
