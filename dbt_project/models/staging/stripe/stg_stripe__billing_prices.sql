{# Stripe prices as billing.prices, the price book usage is rated with: per product code and
   currency one price, the metered one first, then the active, then the latest created. A per-unit
   price is one open tier; a tiered price has its tiers from `tier` (ordered by up_to, the open tier
   last) with its tiers_mode (graduated or volume); a tiered price without tier rows cannot be
   rated and is left out. Unit amounts keep up to 6 decimals of the currency. #}
with prices as (

    select * from {{ ref('stg_stripe__price_plan') }}
    where billing_scheme in ('per_unit', 'tiered') and currency is not null

),

chosen as (

    select * from (
        select
            *,
            row_number() over (
                partition by product_code, currency
                order by case when usage_type = 'metered' then 0 else 1 end,
                    case when is_active = false then 1 else 0 end,
                    created_at desc, price_id desc
            ) as preference
        from prices
    ) as ranked
    where preference = 1

),

tiers as (

    select * from {{ ref('stg_stripe__tier') }}

),

final as (

    select
        chosen.product_code,
        'graduated' as pricing_model,
        cast(1 as {{ dbt.type_int() }}) as tier,
        cast(null as decimal(18, 4)) as up_to,
        {{ stripe_amount('chosen.unit_amount_minor', 'chosen.currency', scale=6) }} as unit_price,
        cast(null as decimal(18, 3)) as flat_fee,
        chosen.currency,
        chosen._source_file,
        chosen._line_number
    from chosen
    where chosen.billing_scheme = 'per_unit' and chosen.unit_amount_minor is not null

    union all

    select
        chosen.product_code,
        coalesce(chosen.tiers_mode, 'graduated'),
        cast(tiers.tier as {{ dbt.type_int() }}),
        tiers.up_to,
        coalesce({{ stripe_amount('tiers.unit_amount_minor', 'chosen.currency', scale=6) }}, 0),
        {{ stripe_amount('tiers.flat_amount_minor', 'chosen.currency') }},
        chosen.currency,
        tiers._source_file,
        tiers._line_number
    from chosen
    inner join tiers
        on chosen.price_id = tiers.price_id
    where chosen.billing_scheme = 'tiered'

)

select * from final
