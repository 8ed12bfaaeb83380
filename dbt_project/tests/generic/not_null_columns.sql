{# not_null on several columns of one model as one test node and one scan (each test node has a
   fixed cost in dbt whatever the data size). A failing row is the model's row, with null_column naming
   the first listed column that is null in it. #}
{% test not_null_columns(model, column_names) %}

select
    case
        {%- for column_name in column_names %}
        when {{ column_name }} is null then '{{ column_name }}'
        {%- endfor %}
    end as null_column,
    *
from {{ model }}
where
    {%- for column_name in column_names %}
    {{ 'or ' if not loop.first }}{{ column_name }} is null
    {%- endfor %}

{% endtest %}
