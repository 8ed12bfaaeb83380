{# Open AR by aging bucket per invoice at every date the KPIs measure (as_of, each period end and
   the day before each period start): the dashboard's aging at a date is a sum of these rows, so it
   is the KPIs' aging (ar_aging_*), not a second computation. Invoices with nothing open are left out. #}
with balances as (

    select * from {{ ref('int_invoice_balances_at_dates') }}

),

final as (

    select
        balance_date,
        invoice_id,
        segment,
        currency,
        {# the contract's types on DuckDB and Spark alike (Spark sums to decimal(29,3), counts days in int) #}
        cast(open_amount as decimal(38, 3)) as open_amount,
        open_amount_reporting,
        cast(days_past_due as bigint) as days_past_due,
        aging_bucket
    from balances
    where open_amount > 0

)

select * from final
