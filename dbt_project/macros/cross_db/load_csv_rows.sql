{# Seeds on Spark. dbt-spark binds every seed value as a quoted string, so an empty CSV cell (None)
   arrives as the text 'None': the dunning policy's "any segment" rows then match no invoice. This
   override of dbt-spark's spark__load_csv_rows (root-project macros win dbt's dispatch) writes an
   empty cell as a typed NULL and binds only the values that are there. #}
{% macro spark__load_csv_rows(model, agate_table) %}
    {% set column_override = model['config'].get('column_types', {}) %}
    {% set statements = [] %}
    {% for chunk in agate_table.rows | batch(get_batch_size()) %}
        {% set bindings = [] %}
        {% set sql %}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for value in row -%}
                    {%- set column_type = column_override.get(agate_table.column_names[loop.index0],
                                                              adapter.convert_type(agate_table, loop.index0)) -%}
                    {%- if value is none -%}
                        cast(null as {{ column_type }})
                    {%- else -%}
                        {%- do bindings.append(value) -%}
                        cast({{ get_binding_char() }} as {{ column_type }})
                    {%- endif -%}
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%})
                {%- if not loop.last %},{% endif %}
            {%- endfor %}
        {% endset %}
        {% do adapter.add_query(sql, bindings=bindings, abridge_sql_log=True) %}
        {% if loop.index0 == 0 %}
            {% do statements.append(sql) %}
        {% endif %}
    {% endfor %}
    {{ return(statements[0]) }}
{% endmacro %}
