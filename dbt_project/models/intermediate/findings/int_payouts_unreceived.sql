{# payout_not_received: a paid payout (positive amount) whose arrival date is more than
   payout_not_received_days before as_of and that no bank line received (int_payouts_matched). Only
   judged where the bank statements loaded cover it: lines in the payout's currency on or before
   its arrival date and on or after the end of its bank window; a payout outside the statements
   (before the first, or not yet reached) says nothing about the bank. #}
with payouts as (

    select * from {{ ref('stg_stripe__payout') }}

),

matched as (

    select payout_id from {{ ref('int_payouts_matched') }}

),

statements as (

    select currency, min(value_date) as first_value_date, max(value_date) as last_value_date
    from {{ ref('stg_bank__statement_lines') }}
    group by currency

),

unreceived as (

    select payouts.*
    from payouts
    inner join statements
        on statements.currency = payouts.currency
        and statements.first_value_date <= payouts.arrival_date
        and statements.last_value_date >= {{ add_days('payouts.arrival_date', var('payout_bank_window_days')) }}
    left join matched
        on matched.payout_id = payouts.payout_id
    where payouts.status = 'paid'
        and payouts.amount > 0
        and matched.payout_id is null
        and {{ dbt.datediff('payouts.arrival_date', as_of_date(), 'day') }} > {{ var('payout_not_received_days') }}

),

final as (

    select
        {{ finding_draft(
            exception_type="'payout_not_received'",
            natural_key='payout_id',
            transaction_id='payout_id',
            period_start='arrival_date',
            period_end='arrival_date',
            amount_at_risk='amount',
            currency='currency',
            fx_date='arrival_date',
            details=dbt.concat([
                "'Payout '", 'payout_id', "' of '", money_text('amount', 'currency'), "' '", 'currency',
                "' was paid to arrive on '", text('arrival_date'),
                "' but no bank line in '", 'currency', "' within '", text(var('payout_bank_window_days')),
                "' days of that date names it with that amount; '", text(var('payout_not_received_days')),
                "' days have passed.'"
            ]),
        ) }}
    from unreceived

)

select * from final
