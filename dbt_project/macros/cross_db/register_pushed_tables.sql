{# on-run-start hook. With --engine spark the pipeline writes the tables a dbt step reads (raw.*,
   recon.*) from the DuckDB warehouse as Parquet and lists them in the `spark_pushed_tables` var;
   this registers each as an external Spark table under the same schema and name, so source()
   resolves as it does on DuckDB. Dropping an external table leaves its files alone. #}
{% macro register_pushed_tables() -%}
    {{ return(adapter.dispatch('register_pushed_tables')()) }}
{%- endmacro %}

{# DuckDB reads raw.* and recon.* from its own warehouse file: nothing to register. #}
{% macro duckdb__register_pushed_tables() -%}
{%- endmacro %}

{% macro spark__register_pushed_tables() -%}
    {%- if execute -%}
        {%- for pushed in var('spark_pushed_tables', []) -%}
            {%- set location = pushed['location'] | replace('\\', '\\\\') | replace("'", "\\'") -%}
            {%- do run_query('create database if not exists ' ~ adapter.quote(pushed['schema'])) -%}
            {%- set relation = adapter.quote(pushed['schema']) ~ '.' ~ adapter.quote(pushed['table']) -%}
            {%- do run_query('drop table if exists ' ~ relation) -%}
            {%- do run_query('create table ' ~ relation ~ " using parquet location '" ~ location ~ "'") -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
