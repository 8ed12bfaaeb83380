{# What each scheduled period should bill per product: recurring lines every period, one-time
   lines on the first period of the contract's own term. As billing systems state it, a recurring
   line's unit price is the price for the line's whole period (monthly price x months, prorated by
   days for a partial last period), rounded half-up to the minor unit, times the quantity; the
   contracted discount is then rounded on its own and subtracted. Contract lines for the same
   product and charge type are added together. #}

with periods as (

    select * from {{ ref('int_contract_periods_scheduled') }}

),

contract_lines as (

    select * from {{ ref('stg_crm__contract_lines') }}
    where charge_type in ('recurring', 'one_time')

),

line_unit_prices as (

    select
        periods.contract_id,
        periods.account_id,
        periods.currency,
        periods.period_index,
        periods.period_start,
        periods.period_end,
        periods.months_per_period,
        periods.is_partial,
        periods.days_in_period,
        periods.days_in_full_period,
        contract_lines.product_code,
        contract_lines.charge_type,
        contract_lines.quantity,
        contract_lines.unit_price,
        coalesce(contract_lines.discount_pct, 0) as discount_pct,
        case
            when contract_lines.charge_type = 'one_time' then contract_lines.unit_price
            when periods.is_partial
                then {{ round_money(decimal_divide(
                    'cast(contract_lines.unit_price as decimal(38, 10)) * periods.months_per_period * periods.days_in_period',
                    'periods.days_in_full_period'), 'periods.currency') }}
            else {{ round_money('cast(contract_lines.unit_price as decimal(38, 10)) * periods.months_per_period', 'periods.currency') }}
        end as period_unit_price
    from periods
    inner join contract_lines
        on periods.contract_id = contract_lines.contract_id
    where contract_lines.charge_type = 'recurring'
        or (periods.period_index = 0 and not periods.is_tacit_renewal)

),

line_amounts as (

    select
        line_unit_prices.*,
        cast(quantity as decimal(38, 10)) * period_unit_price as list_amount,
        {{ round_money('cast(quantity as decimal(38, 10)) * period_unit_price * discount_pct * 0.01', 'currency') }} as discount_amount
    from line_unit_prices

),

final as (

    select
        contract_id,
        account_id,
        currency,
        period_index,
        period_start,
        period_end,
        months_per_period,
        is_partial,
        days_in_period,
        days_in_full_period,
        product_code,
        charge_type,
        sum(quantity) as quantity,
        max(unit_price) as unit_price,
        max(period_unit_price) as period_unit_price,
        max(discount_pct) as discount_pct,
        cast(sum(list_amount) as decimal(18, 3)) as expected_list_amount,
        cast(sum(discount_amount) as decimal(18, 3)) as expected_discount_amount,
        cast(sum(list_amount - discount_amount) as decimal(18, 3)) as expected_amount
    from line_amounts
    group by
        contract_id, account_id, currency, period_index, period_start, period_end, months_per_period,
        is_partial, days_in_period, days_in_full_period, product_code, charge_type

)

select * from final
