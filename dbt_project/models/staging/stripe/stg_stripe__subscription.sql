{# Fivetran has deprecated `subscription` for `subscription_history` (history mode): both are read,
   and per id the current row of either wins (an id in both: the history's). #}
with both_tables as (

    select *, 1 as _table_preference from {{ source('stripe', 'subscription_history') }}
    union all
    select *, 2 as _table_preference from {{ source('stripe', 'subscription') }}

),

preferred as (

    select * from (
        select *, min(_table_preference) over (partition by id) as _first_table from both_tables
    ) as ranked
    where _table_preference = _first_table

),

current_rows as (

    {{ connector_current_rows('preferred', livemode=true) }}

),

final as (

    select
        id as subscription_id,
        customer_id,
        lower(status) as status,
        metadata,
        lower(coalesce(collection_method, billing)) as collection_method,
        {{ to_timestamp('start_date') }} as start_date_at,
        {{ to_timestamp('created') }} as created_at,
        {{ to_timestamp('cancel_at') }} as cancel_at,
        {{ to_timestamp('canceled_at') }} as canceled_at,
        {{ to_timestamp('ended_at') }} as ended_at,
        {{ to_timestamp('current_period_start') }} as current_period_start,
        {{ to_timestamp('current_period_end') }} as current_period_end,
        {{ to_boolean('cancel_at_period_end') }} as is_cancel_at_period_end,
        _source_file,
        _line_number
    from current_rows

)

select * from final
