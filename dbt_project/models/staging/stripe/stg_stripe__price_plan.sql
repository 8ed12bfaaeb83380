{# Prices and the plans they replaced (Stripe accepts a price id wherever a plan id goes, and the
   ids do not collide), one row per id, with the product code of their product. Unit amounts stay
   as Stripe states them, in minor units with up to 12 decimals (`unit_amount_decimal`, else
   `unit_amount`); the adapter converts them with the price's currency. #}
with prices as (

    {{ connector_current_rows(source('stripe', 'price'), soft_delete=true, livemode=true) }}

),

plans as (

    {{ connector_current_rows(source('stripe', 'plan'), soft_delete=true, livemode=true) }}

),

products as (

    select * from {{ ref('stg_stripe__product') }}

),

both_kinds as (

    select
        id as price_id, product_id, currency, lower(billing_scheme) as billing_scheme,
        lower(tiers_mode) as tiers_mode, lower(recurring_usage_type) as usage_type,
        lower(recurring_interval) as recurring_interval,
        cast(recurring_interval_count as {{ dbt.type_int() }}) as recurring_interval_count,
        {{ minor_units_decimal('coalesce(unit_amount_decimal, unit_amount)') }} as unit_amount_minor,
        active, created, _source_file, _line_number, 1 as _kind
    from prices
    union all
    select
        id, product_id, currency, lower(billing_scheme), lower(tiers_mode), lower(usage_type), lower(interval),
        cast(interval_count as {{ dbt.type_int() }}),
        {{ minor_units_decimal('coalesce(amount_decimal, amount)') }},
        active, created, _source_file, _line_number, 2
    from plans

),

final as (

    select
        both_kinds.price_id,
        both_kinds.product_id,
        coalesce(products.product_code, both_kinds.product_id) as product_code,
        both_kinds.currency,
        coalesce(both_kinds.billing_scheme, 'per_unit') as billing_scheme,
        both_kinds.tiers_mode,
        both_kinds.usage_type,
        both_kinds.recurring_interval,
        both_kinds.recurring_interval_count,
        both_kinds.unit_amount_minor,
        {{ to_boolean('both_kinds.active') }} as is_active,
        {{ to_timestamp('both_kinds.created') }} as created_at,
        both_kinds._source_file,
        both_kinds._line_number
    from (
        select *, min(_kind) over (partition by price_id) as _first_kind from both_kinds
    ) as both_kinds
    left join products
        on both_kinds.product_id = products.product_id
    where both_kinds._kind = both_kinds._first_kind

)

select * from final
