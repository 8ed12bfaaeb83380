{# Usage events per source file and customer id (null included): how many, first and last line.
   The data-quality findings look for usage pointing at no customer here, in a few rows per file,
   instead of joining every event to the customers on every run. Incremental on DuckDB like
   int_usage_days_aggregated: a run counts only the files it has not consumed yet (their rows
   make keys of their own: the file is part of the key), and macros/consumed_files.sql empties
   it first when raw usage changed in any other way. #}

{{ config(**usage_files_incremental('append')) }}

-- depends_on: {{ ref('stg_ingestion__load_log') }}

with usage_events as (

    {{ unconsumed_usage_events() }}

),

final as (

    select
        _source_file as source_file,
        customer_id,
        cast(count(*) as {{ dbt.type_bigint() }}) as event_count,
        min(_line_number) as first_line,
        max(_line_number) as last_line
    from usage_events
    group by _source_file, customer_id

)

select * from final
