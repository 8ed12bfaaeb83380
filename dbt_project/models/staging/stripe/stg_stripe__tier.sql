{# A tiered price's tiers (Fivetran's `tier` table), in Stripe's minor units with up to 12
   decimals (`_decimal` forms first). Ordered by up_to with the open tier (up_to empty) last. #}
with current_rows as (

    {{ connector_current_rows(source('stripe', 'tier'), key=['price_id', 'plan_id', 'up_to']) }}

),

final as (

    select
        coalesce(price_id, plan_id) as price_id,
        row_number() over (
            partition by coalesce(price_id, plan_id)
            order by case when up_to is null then 1 else 0 end, cast(up_to as decimal(38, 4))
        ) as tier,
        {{ quantity('up_to') }} as up_to,
        {{ minor_units_decimal('coalesce(unit_amount_decimal, unit_amount)') }} as unit_amount_minor,
        {{ minor_units_decimal('coalesce(flat_amount_decimal, flat_amount)') }} as flat_amount_minor,
        _source_file,
        _line_number
    from current_rows

)

select * from final
