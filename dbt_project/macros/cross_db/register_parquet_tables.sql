{# on-run-start hook. With --engine spark, Spark's catalog lives only as long as one dbt command,
   and the tables a step reads are Parquet folders: the tables the pipeline exported from the
   DuckDB warehouse (the sources in raw.* and history.*, then the matcher's recon.remittance_matches,
   which runs on DuckDB), and the models an earlier dbt step wrote. The pipeline lists
   them in the `parquet_tables` var (schema, table, location); this registers each as an external
   table under its own schema and name, so source() and ref() resolve as they do on DuckDB. #}
{% macro register_parquet_tables() -%}
    {{ return(adapter.dispatch('register_parquet_tables')()) }}
{%- endmacro %}

{# DuckDB keeps every table in its warehouse file: nothing to register. #}
{% macro duckdb__register_parquet_tables() -%}
{%- endmacro %}

{% macro spark__register_parquet_tables() -%}
    {%- if execute -%}
        {%- set tables = var('parquet_tables', []) -%}
        {#- each database once: step 2 registers some 200 tables in a handful of schemas -#}
        {%- for schema in tables | map(attribute='schema') | unique -%}
            {%- do run_query('create database if not exists ' ~ adapter.quote(schema)) -%}
        {%- endfor -%}
        {%- for table in tables -%}
            {%- set location = table['location'] | replace('\\', '\\\\') | replace("'", "\\'") -%}
            {%- set relation = adapter.quote(table['schema']) ~ '.' ~ adapter.quote(table['table']) -%}
            {%- do run_query('create table if not exists ' ~ relation ~ " using parquet location '" ~ location ~ "'") -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
