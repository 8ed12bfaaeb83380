{# Each FX rate with the day it stops applying, so "the rate at a date, or the latest before it"
   is a range join. The reporting currency converts at 1 whether or not the extract lists it. #}

with fx_rates as (

    select * from {{ ref('stg_reference__fx_rates') }}
    where currency <> '{{ var("reporting_currency") }}'

),

reporting_currency as (

    select
        cast('0001-01-01' as date) as rate_date,
        '{{ var("reporting_currency") }}' as currency,
        cast(1 as decimal(18, 8)) as rate_to_reporting

),

all_rates as (

    select rate_date, currency, rate_to_reporting from fx_rates
    union all
    select rate_date, currency, rate_to_reporting from reporting_currency

),

final as (

    select
        currency,
        rate_date as valid_from,
        lead(rate_date) over (partition by currency order by rate_date) as valid_until,
        rate_to_reporting
    from all_rates

)

select * from final
