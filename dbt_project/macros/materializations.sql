{# Table and view models replaced in one statement. dbt-duckdb's own materializations build a
   model under a temporary name, rename the old relation away, rename the new one in and drop the
   old one: four statements, each with dbt's events and bookkeeping around it (a cost per model
   that small models are mostly made of), where DuckDB replaces a relation in one statement
   (`create or replace`, atomic; views bind by name, so a view over a replaced table reads the new
   one). A Python model writes its table under a temporary name (below). What needs more (an
   enforced contract, hooks, grants, documentation persisted, indexes, partitions) is built by the
   adapter's own. #}

{% macro replaced_in_one_statement() -%}
    {%- set docs = config.get('persist_docs') or {} -%}
    {{ return(model['language'] == 'sql'
              and not model['contract']['enforced']
              and not (pre_hooks or post_hooks or config.get('grants') or docs.get('relation') or docs.get('columns')
                       or config.get('indexes') or config.get('partitioned_by') or config.get('sorted_by'))) }}
{%- endmacro %}

{% macro replace_relation(relation_type, create_sql) -%}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set target_relation = this.incorporate(type=relation_type) -%}
    {%- if existing_relation is not none and existing_relation.type != relation_type -%}
        {{ drop_relation_if_exists(existing_relation) }}
    {%- endif -%}
    {% call statement('main') -%}
        create or replace {{ relation_type }} {{ target_relation }} as (
            {{ create_sql }}
        )
    {%- endcall %}
    {{ adapter.commit() }}
    {{ return({'relations': [target_relation]}) }}
{%- endmacro %}

{% materialization table, adapter='duckdb', supported_languages=['sql', 'python'] %}
    {%- if replaced_in_one_statement() -%}
        {{ return(replace_relation('table', compiled_code)) }}
    {%- elif model['language'] == 'python' -%}
        {#- dbt runs a Python model's code only from a statement its materialization calls itself, so
            the adapter's materialization cannot be called for it: the model writes its data frame
            under a temporary name, which replaces the old table once written -#}
        {%- set target_relation = this.incorporate(type='table') -%}
        {%- set intermediate_relation = make_intermediate_relation(target_relation) -%}
        {{ drop_relation_if_exists(load_cached_relation(intermediate_relation)) }}
        {{ run_hooks(pre_hooks) }}
        {% call statement('main', language='python') -%}
            {{- create_table_as(False, intermediate_relation, compiled_code, 'python') }}
        {%- endcall %}
        {{ drop_relation_if_exists(load_cached_relation(this)) }}
        {{ adapter.rename_relation(intermediate_relation, target_relation) }}
        {{ run_hooks(post_hooks) }}
        {{ adapter.commit() }}
        {{ return({'relations': [target_relation]}) }}
    {%- endif -%}
    {{ return(dbt.materialization_table_duckdb()) }}
{% endmaterialization %}

{% materialization view, adapter='duckdb' %}
    {%- if replaced_in_one_statement() -%}
        {{ return(replace_relation('view', sql)) }}
    {%- endif -%}
    {{ return(dbt.materialization_view_default()) }}
{% endmaterialization %}
