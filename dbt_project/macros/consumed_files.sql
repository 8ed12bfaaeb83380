{# Incremental models over a raw table that ingestion loads file by file. Ingestion adds a new file's
   rows wherever its name sorts, and touches a stored file's rows only when it changed, went, or
   lost a key to a new file, which changes that file's load-log row; so "the rows of the files not
   consumed yet" is exactly what an incremental run has not seen, provided no consumed file's
   load-log row changed.

   The model keeps the load-log rows of the files it consumed in <model>__consumed_files
   (source_file, file_hash, rows_loaded). Before an incremental run, reset_when_consumed_files_changed
   compares them with the load log as it is now; when a consumed file's hash or loaded-row count
   differs or the file is gone (a changed or removed file, or a re-delivered key that replaced a
   stored row), or the model does not hold exactly the rows consumed (rebuilt behind its back), it
   empties the model and the record, so the same run reads every file. On engines
   whose run starts from an empty catalog (Spark here) the model is a table and these hooks render
   nothing. #}

{# The config of an incremental model over raw usage events (`config(**usage_files_incremental(...))`),
   with the hooks above and below; on Spark a table. The model says `-- depends_on:` the load log,
   which its hooks read. #}
{% macro usage_files_incremental(strategy, unique_key=none) -%}
    {{ return({
        'materialized': 'table' if target.type == 'spark' else 'incremental',
        'incremental_strategy': strategy,
        'unique_key': unique_key,
        'pre_hook': "{{ reset_when_consumed_files_changed(ref('stg_ingestion__load_log'), 'billing__usage_events', 'event_count') }}",
        'post_hook': "{{ record_consumed_files(ref('stg_ingestion__load_log'), 'billing__usage_events') }}",
    }) }}
{%- endmacro %}

{# The usage events an incremental run of such a model reads: those of the files it has not consumed. #}
{% macro unconsumed_usage_events() -%}
    select * from {{ ref('stg_billing__usage_events') }}
    {{ unconsumed_files_filter(ref('stg_ingestion__load_log'), 'billing__usage_events', 'event_count') }}
{%- endmacro %}

{% macro consumed_files_relation() -%}
    {{ return(this.incorporate(path={'identifier': this.identifier ~ '__consumed_files'})) }}
{%- endmacro %}

{# The model's filter on the raw rows to read: on an incremental run, the files not consumed yet,
   written out by name, so that DuckDB skips the consumed files' row groups (a `not in` subquery
   on the consumed files reads the columns of every stored row first: at 51M usage events 1.1 s
   against 0.06 s); nothing when the pre-hook is about to empty the model (the same check decides
   both, on the same tables: nothing writes them between compiling the model and its pre-hook). #}
{% macro unconsumed_files_filter(load_log, table_name, rows_column) -%}
    {%- if execute and is_incremental() -%}
        {%- set reason, new_files = consumed_files_state(load_log, table_name, rows_column) -%}
        {%- if reason is none -%}
            {%- if new_files %}
            where _source_file in ({% for name in new_files %}'{{ name | replace("'", "''") }}'{{ '' if loop.last else ', ' }}{% endfor %})
            {%- else %}
            where false
            {%- endif %}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{# (why the model must be rebuilt in full, or none; the load log's files it has not consumed) #}
{% macro consumed_files_state(load_log, table_name, rows_column) -%}
    {%- set consumed_files = consumed_files_relation() -%}
    {%- if adapter.get_relation(consumed_files.database, consumed_files.schema, consumed_files.identifier) is none -%}
        {{ return(('no record of the files it consumed', [])) }}
    {%- endif -%}
    {%- set check = run_query(consumed_files_check_sql(consumed_files, load_log, table_name, rows_column)).rows[0] -%}
    {%- set changed_files, rows_in_model, rows_consumed = check[0], check[1], check[2] -%}
    {%- if changed_files > 0 -%}
        {{ return((changed_files ~ ' consumed file(s) changed in the load log', [])) }}
    {%- elif rows_in_model != rows_consumed -%}
        {{ return(('it counts ' ~ rows_in_model ~ ' rows, its consumed files hold ' ~ rows_consumed, [])) }}
    {%- endif -%}
    {%- set new_files = run_query(unconsumed_files_sql(consumed_files, load_log, table_name)) -%}
    {{ return((none, new_files.columns[0].values())) }}
{%- endmacro %}

{# pre_hook: load_log is the staging relation of raw.load_log, table_name the raw table's name in
   it, rows_column the model column that counts the source rows it aggregates. #}
{% macro reset_when_consumed_files_changed(load_log, table_name, rows_column) -%}
    {{ return(adapter.dispatch('reset_when_consumed_files_changed')(load_log, table_name, rows_column)) }}
{%- endmacro %}

{% macro default__reset_when_consumed_files_changed(load_log, table_name, rows_column) -%}
    {%- if execute and is_incremental() -%}
        {%- set reason, new_files = consumed_files_state(load_log, table_name, rows_column) -%}
        {%- if reason is not none -%}
            {{ log(this.identifier ~ ': ' ~ reason ~ '; rebuilding in full', info=True) }}
            create or replace table {{ consumed_files_relation() }} as {{ consumed_files_snapshot_sql(load_log, table_name) }} limit 0;
            delete from {{ this }}
        {%- else -%}
            {{ log(this.identifier ~ ': merging ' ~ new_files | length ~ ' new file(s)', info=True) }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{% macro consumed_files_snapshot_sql(load_log, table_name) -%}
    select source_file, file_hash, rows_loaded from {{ load_log }} where table_name = '{{ table_name }}'
{%- endmacro %}

{% macro consumed_files_check_sql(consumed_files, load_log, table_name, rows_column) -%}
    with consumed as (

        select source_file, file_hash, rows_loaded from {{ consumed_files }}

    ),

    logged as (

        {{ consumed_files_snapshot_sql(load_log, table_name) }}

    ),

    changed_files as (

        select * from consumed except select * from logged

    )

    select
        (select count(distinct source_file) from changed_files) as changed_files,
        (select coalesce(sum({{ rows_column }}), 0) from {{ this }}) as rows_in_model,
        (select coalesce(sum(rows_loaded), 0) from consumed) as rows_consumed
{%- endmacro %}

{% macro unconsumed_files_sql(consumed_files, load_log, table_name) -%}
    select source_file from ({{ consumed_files_snapshot_sql(load_log, table_name) }}) as logged
    where source_file not in (select source_file from {{ consumed_files }})
    order by source_file
{%- endmacro %}

{# post_hook: the model now holds every row of the raw table, i.e. of every file in the load log. #}
{% macro record_consumed_files(load_log, table_name) -%}
    {{ return(adapter.dispatch('record_consumed_files')(load_log, table_name)) }}
{%- endmacro %}

{% macro default__record_consumed_files(load_log, table_name) -%}
    {%- if model.config.materialized == 'incremental' -%}
        create or replace table {{ consumed_files_relation() }} as {{ consumed_files_snapshot_sql(load_log, table_name) }}
    {%- endif -%}
{%- endmacro %}
