{# Usage per customer, product and day (the event's UTC date): quantity and number of events.
   Incremental on DuckDB: a run reads only the events of the files it has not consumed yet,
   wherever their names sort, and adds them to the days they fall on; macros/consumed_files.sql empties it first
   when raw usage changed in any other way, so the result always equals a full rebuild. #}

{{ config(**usage_files_incremental('delete+insert', unique_key=['customer_id', 'product_code', 'usage_date'])) }}

-- depends_on: {{ ref('stg_ingestion__load_log') }}

with usage_events as (

    {{ unconsumed_usage_events() }}

),

new_usage_days as (

    select
        customer_id,
        product_code,
        cast(occurred_at as date) as usage_date,
        sum(quantity) as quantity,
        count(*) as event_count
    from usage_events
    group by customer_id, product_code, cast(occurred_at as date)

),

{% if is_incremental() %}

stored_usage_days as (

    select stored.customer_id, stored.product_code, stored.usage_date, stored.quantity, stored.event_count
    from {{ this }} as stored
    inner join new_usage_days
        on stored.customer_id = new_usage_days.customer_id
        and stored.product_code = new_usage_days.product_code
        and stored.usage_date = new_usage_days.usage_date

),

usage_days as (

    select * from new_usage_days
    union all
    select * from stored_usage_days

),

final as (

    select
        customer_id,
        product_code,
        usage_date,
        sum(quantity) as quantity,
        cast(sum(event_count) as {{ dbt.type_bigint() }}) as event_count
    from usage_days
    group by customer_id, product_code, usage_date

)

{% else %}

{# a full build reads every event once: its days are the result (grouping them again cost a
   sixth of the model at 10M events) #}
final as (

    select
        customer_id,
        product_code,
        usage_date,
        quantity,
        cast(event_count as {{ dbt.type_bigint() }}) as event_count
    from new_usage_days

)

{% endif %}

select * from final
