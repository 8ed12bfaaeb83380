{# What each scheduled period should bill per product: recurring lines every period
   (quantity x monthly unit price x months, a partial last period prorated by days), one-time
   lines on the first period of the contract's own term. The discount applies after, and every
   amount is rounded half-up to the currency's minor unit. Contract lines for the same product
   and charge type are added together. #}

with periods as (

    select * from {{ ref('int_contract_periods_scheduled') }}

),

contract_lines as (

    select * from {{ ref('stg_crm__contract_lines') }}
    where charge_type in ('recurring', 'one_time')

),

line_list_amounts as (

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
            when contract_lines.charge_type = 'one_time'
                then cast(contract_lines.quantity as decimal(38, 10)) * contract_lines.unit_price
            when periods.is_partial
                then {{ decimal_divide(
                    'cast(contract_lines.quantity as decimal(38, 10)) * contract_lines.unit_price * periods.months_per_period * periods.days_in_period',
                    'periods.days_in_full_period') }}
            else cast(contract_lines.quantity as decimal(38, 10)) * contract_lines.unit_price * periods.months_per_period
        end as exact_list_amount
    from periods
    inner join contract_lines
        on periods.contract_id = contract_lines.contract_id
    where contract_lines.charge_type = 'recurring'
        or (periods.period_index = 0 and not periods.is_tacit_renewal)

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
        max(discount_pct) as discount_pct,
        sum({{ round_money('exact_list_amount', 'currency') }}) as expected_list_amount,
        sum({{ round_money('cast(exact_list_amount * (100 - discount_pct) as decimal(38, 12)) * 0.01', 'currency') }}) as expected_amount
    from line_list_amounts
    group by
        contract_id, account_id, currency, period_index, period_start, period_end, months_per_period,
        is_partial, days_in_period, days_in_full_period, product_code, charge_type

)

select * from final
