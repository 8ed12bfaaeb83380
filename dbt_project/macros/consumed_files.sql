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

{% macro consumed_files_relation() -%}
    {{ return(this.incorporate(path={'identifier': this.identifier ~ '__consumed_files'})) }}
{%- endmacro %}

{# The files consumed, as a subquery evaluated when the model runs (after the pre-hook). #}
{% macro consumed_file_names() -%}
    (select source_file from {{ consumed_files_relation() }})
{%- endmacro %}

{# pre_hook: load_log is the staging relation of raw.load_log, table_name the raw table's name in
   it, rows_column the model column that counts the source rows it aggregates. #}
{% macro reset_when_consumed_files_changed(load_log, table_name, rows_column) -%}
    {{ return(adapter.dispatch('reset_when_consumed_files_changed')(load_log, table_name, rows_column)) }}
{%- endmacro %}

{% macro default__reset_when_consumed_files_changed(load_log, table_name, rows_column) -%}
    {%- if execute and is_incremental() -%}
        {%- set consumed_files = consumed_files_relation() -%}
        {%- if adapter.get_relation(consumed_files.database, consumed_files.schema, consumed_files.identifier) is none -%}
            {%- set reason = 'no record of the files it consumed' -%}
        {%- else -%}
            {%- set check = run_query(consumed_files_check_sql(consumed_files, load_log, table_name, rows_column)) -%}
            {%- set changed_files, rows_in_model, rows_consumed, new_files = check.rows[0] -%}
            {%- if changed_files > 0 -%}
                {%- set reason = changed_files ~ ' consumed file(s) changed in the load log' -%}
            {%- elif rows_in_model != rows_consumed -%}
                {%- set reason = 'it counts ' ~ rows_in_model ~ ' rows, its consumed files hold ' ~ rows_consumed -%}
            {%- endif -%}
        {%- endif -%}
        {%- if reason is defined -%}
            {{ log(this.identifier ~ ': ' ~ reason ~ '; rebuilding in full', info=True) }}
            create or replace table {{ consumed_files }} as {{ consumed_files_snapshot_sql(load_log, table_name) }} limit 0;
            delete from {{ this }}
        {%- else -%}
            {{ log(this.identifier ~ ': merging ' ~ new_files ~ ' new file(s)', info=True) }}
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
        (select coalesce(sum(rows_loaded), 0) from consumed) as rows_consumed,
        (select count(*) from logged where source_file not in (select source_file from consumed)) as new_files
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
