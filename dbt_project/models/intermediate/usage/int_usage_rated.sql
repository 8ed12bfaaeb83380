{# Usage quantities rated against the price book in the contract's currency.
   graduated: each unit at the price of the tier it falls in, plus the flat fee of every tier
   entered. volume: every unit at the one tier the total falls in, plus that tier's flat fee.
   Tier bounds are inclusive (up_to = 100 puts the 100th unit in that tier); zero usage enters no
   tier. The contract's discount applies after rating. #}

with quantities as (

    select * from {{ ref('int_usage_quantities_by_period') }}

),

prices as (

    select * from {{ ref('stg_billing__prices') }}

),

tiers as (

    select
        product_code,
        currency,
        pricing_model,
        tier,
        coalesce(lag(up_to) over (partition by product_code, currency order by tier), 0) as lower_bound,
        up_to,
        unit_price,
        coalesce(flat_fee, 0) as flat_fee
    from prices

),

tier_charges as (

    select
        quantities.contract_id,
        quantities.product_code,
        quantities.period_start,
        case
            when tiers.pricing_model = 'graduated'
                then cast(
                    case when tiers.up_to is null or quantities.quantity < tiers.up_to
                        then quantities.quantity else tiers.up_to end
                    - tiers.lower_bound as decimal(38, 10)) * tiers.unit_price + tiers.flat_fee
            when tiers.up_to is null or quantities.quantity <= tiers.up_to
                then cast(quantities.quantity as decimal(38, 10)) * tiers.unit_price + tiers.flat_fee
            else 0
        end as tier_amount
    from quantities
    inner join tiers
        on quantities.product_code = tiers.product_code
        and quantities.currency = tiers.currency
        and quantities.quantity > tiers.lower_bound

),

priced_products as (

    select distinct product_code, currency from prices

),

rated as (

    select contract_id, product_code, period_start, sum(tier_amount) as exact_rated_amount
    from tier_charges
    group by contract_id, product_code, period_start

),

final as (

    select
        quantities.contract_id,
        quantities.customer_id,
        quantities.product_code,
        quantities.period_start,
        quantities.period_end,
        quantities.currency,
        quantities.quantity,
        quantities.discount_pct,
        (priced_products.product_code is not null) as is_priced,
        {{ round_money('coalesce(rated.exact_rated_amount, 0)', 'quantities.currency') }} as rated_list_amount,
        {{ round_money('cast(coalesce(rated.exact_rated_amount, 0) * (100 - quantities.discount_pct) as decimal(38, 12)) * 0.01', 'quantities.currency') }} as rated_amount
    from quantities
    left join rated
        on quantities.contract_id = rated.contract_id
        and quantities.product_code = rated.product_code
        and quantities.period_start = rated.period_start
    left join priced_products
        on quantities.product_code = priced_products.product_code
        and quantities.currency = priced_products.currency

)

select * from final
